package com.connectorservice.controlplane.failedrecord;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.connectorservice.controlplane.api.ProblemResponses;

import io.swagger.v3.oas.annotations.Operation;

/** The error-topic browser and its replay action. */
@RestController
class FailedRecordController {

    private final FailedRecordService service;

    FailedRecordController(FailedRecordService service) {
        this.service = service;
    }

    @Operation(operationId = "listFailedRecords", summary = "The connector's records in its error (or dead-letter) topic, newest first;"
            + " other connectors' records in a shared topic are left out")
    @ProblemResponses({400, 404, 502})
    @GetMapping("/api/v1/instances/{instanceId}/connectors/{name}/failed-records")
    FailedRecordPage list(@PathVariable String instanceId, @PathVariable String name,
            @RequestParam(required = false) FailedRecordSource source, @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "20") int size) {
        return service.page(instanceId, name, source, cursor, size);
    }

    @Operation(operationId = "replayFailedRecords", summary = "Sends failed records back to their source topic with their"
            + " original key, value and headers, each once per replay id")
    @ProblemResponses({400, 404, 502})
    @PostMapping("/api/v1/instances/{instanceId}/connectors/{name}/failed-records/replay")
    ReplayResponse replay(@PathVariable String instanceId, @PathVariable String name, @RequestBody ReplayRequest request) {
        return service.replay(instanceId, name, request);
    }
}
