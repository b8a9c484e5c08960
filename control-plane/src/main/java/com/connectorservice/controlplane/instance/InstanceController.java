package com.connectorservice.controlplane.instance;

import java.net.URI;
import java.util.List;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.connectorservice.controlplane.api.ProblemResponses;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

@RestController
@RequestMapping("/api/v1/instances")
class InstanceController {

    private final InstanceService service;

    InstanceController(InstanceService service) {
        this.service = service;
    }

    @Operation(operationId = "createInstance", summary = "Registers a Kafka instance")
    @ApiResponse(responseCode = "201", description = "Created")
    @ProblemResponses({400, 409})
    @PostMapping
    ResponseEntity<InstanceResponse> create(@RequestBody InstanceRequest request) {
        InstanceResponse created = service.create(request);
        return ResponseEntity.created(URI.create("/api/v1/instances/" + created.id())).body(created);
    }

    @Operation(operationId = "listInstances", summary = "Lists the Kafka instances")
    @GetMapping
    List<InstanceResponse> list() {
        return service.list();
    }

    @Operation(operationId = "getInstance", summary = "One Kafka instance")
    @ProblemResponses({404})
    @GetMapping("/{instanceId}")
    InstanceResponse get(@PathVariable String instanceId) {
        return service.get(instanceId);
    }

    @Operation(operationId = "deleteInstance", summary = "Removes a Kafka instance without connectors")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ProblemResponses({404, 409})
    @DeleteMapping("/{instanceId}")
    ResponseEntity<Void> delete(@PathVariable String instanceId) {
        service.delete(instanceId);
        return ResponseEntity.noContent().build();
    }
}
