package com.connectorservice.controlplane.audit;

import java.time.Instant;
import java.util.Map;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import tools.jackson.databind.json.JsonMapper;

/**
 * Records who changed what. Callers pass only non-secret details: names, counts, types, never
 * credentials or message contents.
 */
@Service
public class AuditLog {

    public static final String SYSTEM_ACTOR = "system";

    private final AuditEventRepository repository;
    private final JsonMapper json;

    public AuditLog(AuditEventRepository repository, JsonMapper json) {
        this.repository = repository;
        this.json = json;
    }

    @Transactional(propagation = Propagation.REQUIRED)
    public void record(String action, String target, Map<String, ?> details) {
        repository.save(new AuditEvent(Instant.now(), currentActor(), action, target, json.writeValueAsString(details)));
    }

    public static String currentActor() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        return authentication == null || !authentication.isAuthenticated() ? SYSTEM_ACTOR : authentication.getName();
    }
}
