package com.connectorservice.controlplane.testmessage;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import com.connectorservice.controlplane.api.ProblemResponses;

import io.swagger.v3.oas.annotations.Operation;

@RestController
class TestMessageController {

    private final TestMessageService service;

    TestMessageController(TestMessageService service) {
        this.service = service;
    }

    @Operation(operationId = "sendTestMessage", summary = "Produces one record to the connector's source topic")
    @ProblemResponses({400, 404, 502})
    @PostMapping("/api/v1/instances/{instanceId}/connectors/{name}/test-message")
    TestMessageResponse send(@PathVariable String instanceId, @PathVariable String name, @RequestBody TestMessageRequest request) {
        return service.send(instanceId, name, request);
    }
}
