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

/** Runtime actions on a connector; each answers the status as it is right after the action was recorded. */
@RestController
@RequestMapping("/api/v1/instances/{instanceId}/connectors/{name}")
class DeploymentController {

    private final DeploymentService deployments;

    DeploymentController(DeploymentService deployments) {
        this.deployments = deployments;
    }

    @PostMapping("/deploy")
    ResponseEntity<StatusResponse> deploy(@PathVariable String instanceId, @PathVariable String name) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(deployments.deploy(instanceId, name));
    }

    @PostMapping("/pause")
    ResponseEntity<StatusResponse> pause(@PathVariable String instanceId, @PathVariable String name) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(deployments.setTargetState(instanceId, name, TargetState.PAUSED));
    }

    @PostMapping("/resume")
    ResponseEntity<StatusResponse> resume(@PathVariable String instanceId, @PathVariable String name) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(deployments.setTargetState(instanceId, name, TargetState.RUNNING));
    }

    @PostMapping("/stop")
    ResponseEntity<StatusResponse> stop(@PathVariable String instanceId, @PathVariable String name) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(deployments.setTargetState(instanceId, name, TargetState.STOPPED));
    }

    @PostMapping("/restart")
    ResponseEntity<StatusResponse> restart(@PathVariable String instanceId, @PathVariable String name,
            @RequestParam(defaultValue = "false") boolean includeTasks, @RequestParam(defaultValue = "false") boolean onlyFailed) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(deployments.restart(instanceId, name, includeTasks, onlyFailed));
    }

    @GetMapping("/status")
    StatusResponse status(@PathVariable String instanceId, @PathVariable String name) {
        return deployments.status(instanceId, name);
    }

    @GetMapping("/offsets")
    Map<String, List<ConsumerGroupOffsets.PartitionOffset>> offsets(@PathVariable String instanceId, @PathVariable String name) {
        return Map.of("offsets", deployments.offsets(instanceId, name));
    }

    @DeleteMapping("/offsets")
    ResponseEntity<Map<String, String>> resetOffsets(@PathVariable String instanceId, @PathVariable String name) {
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(deployments.resetOffsets(instanceId, name));
    }
}
