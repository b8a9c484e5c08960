package com.connectorservice.controlplane.preview;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.connectorservice.controlplane.api.ProblemResponses;

import io.swagger.v3.oas.annotations.Operation;

/** The console's "查看表数据" step: the latest rows the connector wrote into its destination. */
@RestController
class PreviewController {

    private final PreviewService service;

    PreviewController(PreviewService service) {
        this.service = service;
    }

    @Operation(operationId = "previewConnector", summary = "The latest rows the connector wrote into its destination")
    @ProblemResponses({400, 404, 422, 502})
    @GetMapping("/api/v1/instances/{instanceId}/connectors/{name}/preview")
    DestinationPreview preview(@PathVariable String instanceId, @PathVariable String name,
            @RequestParam(required = false) String partition, @RequestParam(required = false) Integer limit) {
        return service.preview(instanceId, name, partition, limit);
    }
}
