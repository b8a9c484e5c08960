package com.connectorservice.controlplane.testmessage;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class TestMessageController {

    private final TestMessageService service;

    TestMessageController(TestMessageService service) {
        this.service = service;
    }

    @PostMapping("/api/v1/instances/{instanceId}/connectors/{name}/test-message")
    TestMessageResponse send(@PathVariable String instanceId, @PathVariable String name, @RequestBody TestMessageRequest request) {
        return service.send(instanceId, name, request);
    }
}
