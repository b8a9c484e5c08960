package com.connectorservice.controlplane.connector;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.connectorservice.controlplane.api.PageResponse;
import com.connectorservice.controlplane.api.ProblemResponses;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

@RestController
@RequestMapping("/api/v1/instances/{instanceId}")
class ConnectorController {

    private final ConnectorService service;
    private final ConnectorDeletions deletions;

    ConnectorController(ConnectorService service, ConnectorDeletions deletions) {
        this.service = service;
        this.deletions = deletions;
    }

    @Operation(operationId = "createConnector", summary = "Validates, provisions the internal topics and the group, and stores a connector")
    @ApiResponse(responseCode = "201", description = "Created")
    @ProblemResponses({400, 404, 409, 502})
    @PostMapping("/connectors")
    ResponseEntity<ConnectorResponse> create(@PathVariable String instanceId, @RequestBody ConnectorDefinition definition) {
        ConnectorResponse created = service.create(instanceId, definition);
        return ResponseEntity.created(URI.create("/api/v1/instances/" + instanceId + "/connectors/" + created.name()))
                .body(created);
    }

    /** Runs every check the create endpoint runs (broker checks included) and saves nothing. */
    @Operation(operationId = "validateConnector", summary = "Runs every check of create and saves nothing")
    @ProblemResponses({400, 404, 502})
    @PostMapping("/connectors:validate")
    ValidationResponse validate(@PathVariable String instanceId, @RequestBody ConnectorDefinition definition) {
        return service.validate(instanceId, definition);
    }

    @Operation(operationId = "listConnectors", summary = "The instance's connectors, filtered and paged")
    @ProblemResponses({400, 404})
    @GetMapping("/connectors")
    PageResponse<ConnectorResponse> list(@PathVariable String instanceId, @RequestParam(required = false) String q,
            @RequestParam(required = false) String status, @RequestParam(defaultValue = "0") int page,
            @RequestParam(defaultValue = "20") int size) {
        return service.list(instanceId, q, status, page, size);
    }

    @Operation(operationId = "getConnector", summary = "One connector, secrets masked",
            description = "The ETag header is the stored definition's version: send it back as If-Match on PUT.")
    @ApiResponse(responseCode = "200", description = "OK", headers = @Header(name = HttpHeaders.ETAG,
            description = "the stored definition's version", schema = @Schema(type = "string")))
    @ProblemResponses({404})
    @GetMapping("/connectors/{name}")
    ResponseEntity<ConnectorResponse> get(@PathVariable String instanceId, @PathVariable String name) {
        VersionedConnector found = service.getVersioned(instanceId, name);
        return ResponseEntity.ok().eTag(found.etag()).body(found.connector());
    }

    @Operation(operationId = "updateConnector", summary = "Replaces a definition; a deployed connector takes live changes only",
            description = "With If-Match (the ETag of a GET), a definition saved by someone else in between is refused"
                    + " with 412 instead of being overwritten; without it the PUT replaces whatever is stored.")
    @ApiResponse(responseCode = "200", description = "OK", headers = @Header(name = HttpHeaders.ETAG,
            description = "the saved definition's version", schema = @Schema(type = "string")))
    @ProblemResponses({400, 404, 409, 412, 502})
    @PutMapping("/connectors/{name}")
    ResponseEntity<ConnectorResponse> update(@PathVariable String instanceId, @PathVariable String name,
            @RequestBody ConnectorDefinition definition,
            @Parameter(description = "the ETag of the definition the change was made to")
            @RequestHeader(name = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        VersionedConnector updated = service.update(instanceId, name, definition, ifMatch);
        return ResponseEntity.ok().eTag(updated.etag()).body(updated.connector());
    }

    /**
     * Accepted at once: the connector is DELETING (GET shows it) until it is stopped on every node, out of the desired
     * states, and (with {@code deleteResources}) the topics and group the service created for it are deleted; then GET
     * answers 404. Asking again while it is DELETING answers 202 again.
     */
    @Operation(operationId = "deleteConnector", summary = "Accepts the delete: the connector is DELETING until it is"
            + " stopped everywhere and deleted (with what it created, when asked), then 404",
            description = "202 with the connector in status DELETING, also for a repeated request while deleting; the"
                    + " deletion finishes in the background: stop on every node, leave the desired states, delete the"
                    + " topics and group the service created (deleteResources=true), delete the connector.")
    @ApiResponse(responseCode = "202", description = "Accepted: the connector, now DELETING")
    @ProblemResponses({404})
    @DeleteMapping("/connectors/{name}")
    ResponseEntity<ConnectorResponse> delete(@PathVariable String instanceId, @PathVariable String name,
            @RequestParam(defaultValue = "false") boolean deleteResources) {
        return ResponseEntity.accepted().body(deletions.accept(instanceId, name, deleteResources));
    }
}
