package com.connectorservice.controlplane.deployment;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.connectorservice.contracts.agent.TargetState;
import com.connectorservice.controlplane.api.ProblemResponses;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** Runtime actions on a connector; each answers the status as it is right after the action was recorded. */
@RestController
@RequestMapping("/api/v1/instances/{instanceId}/connectors/{name}")
class DeploymentController {

    private final DeploymentService deployments;

    DeploymentController(DeploymentService deployments) {
        this.deployments = deployments;
    }

    @Operation(operationId = "deployConnector", summary = "Places the connector on worker nodes")
    @ApiResponse(responseCode = "202", description = "Accepted: the agents deploy it")
    @ProblemResponses({404, 409, 502})
    @PostMapping("/deploy")
    ResponseEntity<StatusResponse> deploy(@PathVariable String instanceId, @PathVariable String name) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(deployments.deploy(instanceId, name));
    }

    @Operation(operationId = "pauseConnector", summary = "Pauses consumption")
    @ApiResponse(responseCode = "202", description = "Accepted: the agents pause it")
    @ProblemResponses({404, 409})
    @PostMapping("/pause")
    ResponseEntity<StatusResponse> pause(@PathVariable String instanceId, @PathVariable String name) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(deployments.setTargetState(instanceId, name, TargetState.PAUSED));
    }

    @Operation(operationId = "resumeConnector", summary = "Resumes consumption (a failed connector is restarted)")
    @ApiResponse(responseCode = "202", description = "Accepted: the agents resume it")
    @ProblemResponses({404, 409})
    @PostMapping("/resume")
    ResponseEntity<StatusResponse> resume(@PathVariable String instanceId, @PathVariable String name) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(deployments.setTargetState(instanceId, name, TargetState.RUNNING));
    }

    @Operation(operationId = "stopConnector", summary = "Stops the connector and releases its tasks")
    @ApiResponse(responseCode = "202", description = "Accepted: the agents stop it")
    @ProblemResponses({404, 409})
    @PostMapping("/stop")
    ResponseEntity<StatusResponse> stop(@PathVariable String instanceId, @PathVariable String name) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(deployments.setTargetState(instanceId, name, TargetState.STOPPED));
    }

    @Operation(operationId = "restartConnector", summary = "Restarts the connector, its tasks too when asked")
    @ApiResponse(responseCode = "202", description = "Accepted: the agents restart it")
    @ProblemResponses({404, 409})
    @PostMapping("/restart")
    ResponseEntity<StatusResponse> restart(@PathVariable String instanceId, @PathVariable String name,
            @RequestParam(defaultValue = "false") boolean includeTasks, @RequestParam(defaultValue = "false") boolean onlyFailed) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(deployments.restart(instanceId, name, includeTasks, onlyFailed));
    }

    @Operation(operationId = "getConnectorStatus", summary = "The combined state of every node running the connector, with tasks and lag")
    @ProblemResponses({404})
    @GetMapping("/status")
    StatusResponse status(@PathVariable String instanceId, @PathVariable String name) {
        return deployments.status(instanceId, name);
    }

    @Operation(operationId = "getConnectorOffsets", summary = "The offsets the connector's consumer group committed")
    @ProblemResponses({404, 502})
    @GetMapping("/offsets")
    Map<String, List<ConsumerGroupOffsets.PartitionOffset>> offsets(@PathVariable String instanceId, @PathVariable String name) {
        return Map.of("offsets", deployments.offsets(instanceId, name));
    }

    @Operation(operationId = "resetConnectorOffsets", summary = "Deletes a stopped connector's committed offsets")
    @ApiResponse(responseCode = "202", description = "Accepted: the agents reset them")
    @ProblemResponses({404, 409})
    @DeleteMapping("/offsets")
    ResponseEntity<Map<String, String>> resetOffsets(@PathVariable String instanceId, @PathVariable String name) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(deployments.resetOffsets(instanceId, name));
    }
}
