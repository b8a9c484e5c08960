package com.connectorservice.controlplane.audit;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import com.connectorservice.controlplane.api.PageResponse;
import com.connectorservice.controlplane.api.Paging;
import com.connectorservice.controlplane.api.ProblemResponses;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;

@RestController
@RequestMapping("/api/v1/audit-events")
class AuditController {

    record AuditEventResponse(@Schema(requiredMode = REQUIRED) long id, @Schema(requiredMode = REQUIRED) Instant occurredAt,
            @Schema(requiredMode = REQUIRED) String actor, @Schema(requiredMode = REQUIRED) String action,
            @Schema(requiredMode = REQUIRED) String target,
            @Schema(type = "object", description = "what the action changed, secrets masked") JsonNode details) {
    }

    private final AuditEventRepository repository;
    private final JsonMapper json;

    AuditController(AuditEventRepository repository, JsonMapper json) {
        this.repository = repository;
        this.json = json;
    }

    /** Newest first; every filter is optional. {@code target} matches exactly or as a prefix ending in '/'. */
    @Operation(operationId = "listAuditEvents", summary = "Audit events, newest first")
    @ProblemResponses({400})
    @GetMapping
    @Transactional(readOnly = true)
    PageResponse<AuditEventResponse> list(@RequestParam(required = false) String actor,
            @RequestParam(required = false) String action, @RequestParam(required = false) String target,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant since,
            @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        List<Specification<AuditEvent>> filters = new ArrayList<>();
        if (actor != null) {
            filters.add((root, query, cb) -> cb.equal(root.get("actor"), actor));
        }
        if (action != null) {
            filters.add((root, query, cb) -> cb.equal(root.get("action"), action));
        }
        if (target != null) {
            filters.add((root, query, cb) -> cb.or(cb.equal(root.get("target"), target),
                    cb.like(root.get("target"), target.replace("%", "\\%").replace("_", "\\_") + "/%")));
        }
        if (since != null) {
            filters.add((root, query, cb) -> cb.greaterThanOrEqualTo(root.get("occurredAt"), since));
        }
        Sort newestFirst = Sort.by(Sort.Order.desc("occurredAt"), Sort.Order.desc("id"));
        return PageResponse.of(repository.findAll(Specification.allOf(filters), Paging.of(page, size, newestFirst)),
                event -> new AuditEventResponse(event.getId(), event.getOccurredAt(), event.getActor(), event.getAction(),
                        event.getTarget(), json.readTree(event.getDetails())));
    }
}
