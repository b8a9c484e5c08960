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

@RestController
@RequestMapping("/api/v1/instances")
class InstanceController {

    private final InstanceService service;

    InstanceController(InstanceService service) {
        this.service = service;
    }

    @PostMapping
    ResponseEntity<InstanceResponse> create(@RequestBody InstanceRequest request) {
        InstanceResponse created = service.create(request);
        return ResponseEntity.created(URI.create("/api/v1/instances/" + created.id())).body(created);
    }

    @GetMapping
    List<InstanceResponse> list() {
        return service.list();
    }

    @GetMapping("/{instanceId}")
    InstanceResponse get(@PathVariable String instanceId) {
        return service.get(instanceId);
    }

    @DeleteMapping("/{instanceId}")
    ResponseEntity<Void> delete(@PathVariable String instanceId) {
        service.delete(instanceId);
        return ResponseEntity.noContent().build();
    }
}
