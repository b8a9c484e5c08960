package com.connectorservice.controlplane.preview;

import java.util.Set;

import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.connectorservice.controlplane.api.ApiException;
import com.connectorservice.controlplane.api.ProblemResponses;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;

/**
 * The console's "查看表数据" step: the latest rows the connector wrote into its destination. The destination, its
 * address and the credentials are the connector's stored ones, always: the request chooses only which rows.
 */
@RestController
class PreviewController {

    private static final Set<String> PARAMETERS = Set.of("table", "partition", "limit");

    private final PreviewService service;

    PreviewController(PreviewService service) {
        this.service = service;
    }

    @Operation(operationId = "previewConnector", summary = "The latest rows the connector wrote into its destination")
    @ProblemResponses({400, 404, 422, 502})
    @GetMapping("/api/v1/instances/{instanceId}/connectors/{name}/preview")
    DestinationPreview preview(@PathVariable String instanceId, @PathVariable String name,
            @Parameter(description = "for change data routed per source table: which routed table (default the first)")
            @RequestParam(required = false) String table,
            @RequestParam(required = false) String partition, @RequestParam(required = false) Integer limit,
            @Parameter(hidden = true) @RequestParam MultiValueMap<String, String> parameters) {
        for (String parameter : parameters.keySet()) {
            if (!PARAMETERS.contains(parameter)) {
                // refused rather than ignored, so nobody believes the preview went where the request pointed
                throw ApiException.badRequest(parameter, "preview.parameter.unknown", "the preview reads only the"
                        + " destination stored in the connector, with its own credentials; it takes table, partition and limit,"
                        + " not '" + parameter + "'");
            }
        }
        return service.preview(instanceId, name, table, partition, limit);
    }
}
