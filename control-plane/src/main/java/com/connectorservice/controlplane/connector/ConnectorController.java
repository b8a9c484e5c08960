package com.connectorservice.controlplane.connector;

import java.net.URI;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.connectorservice.controlplane.api.PageResponse;
import com.connectorservice.controlplane.deployment.DeploymentService;

@RestController
@RequestMapping("/api/v1/instances/{instanceId}")
class ConnectorController {

    private final ConnectorService service;
    private final DeploymentService deployments;

    ConnectorController(ConnectorService service, DeploymentService deployments) {
        this.service = service;
        this.deployments = deployments;
    }

    @PostMapping("/connectors")
    ResponseEntity<ConnectorResponse> create(@PathVariable String instanceId, @RequestBody ConnectorDefinition definition) {
        ConnectorResponse created = service.create(instanceId, definition);
        return ResponseEntity.created(URI.create("/api/v1/instances/" + instanceId + "/connectors/" + created.name()))
                .body(created);
    }

    /** Runs every check the create endpoint runs (broker checks included) and saves nothing. */
    @PostMapping("/connectors:validate")
    ValidationResponse validate(@PathVariable String instanceId, @RequestBody ConnectorDefinition definition) {
        return service.validate(instanceId, definition);
    }

    @GetMapping("/connectors")
    PageResponse<ConnectorResponse> list(@PathVariable String instanceId, @RequestParam(required = false) String q,
            @RequestParam(required = false) String status, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        return service.list(instanceId, q, status, page, size);
    }

    @GetMapping("/connectors/{name}")
    ConnectorResponse get(@PathVariable String instanceId, @PathVariable String name) {
        return service.get(instanceId, name);
    }

    @PutMapping("/connectors/{name}")
    ConnectorResponse update(@PathVariable String instanceId, @PathVariable String name,
            @RequestBody ConnectorDefinition definition) {
        return service.update(instanceId, name, definition);
    }

    @DeleteMapping("/connectors/{name}")
    ResponseEntity<Void> delete(@PathVariable String instanceId, @PathVariable String name,
            @RequestParam(defaultValue = "false") boolean deleteResources) {
        // a deployed connector is stopped on every node and leaves the desired states before anything is deleted
        deployments.undeploy(instanceId, name);
        service.delete(instanceId, name, deleteResources);
        return ResponseEntity.noContent().build();
    }
}
