package com.connectorservice.controlplane.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.connectorservice.controlplane.api.ApiException;
import com.connectorservice.controlplane.audit.AuditLog;

@Service
public class TokenService {

    static final String ADMIN_NAME = "admin";
    static final String AGENT_NAME = "agent";
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    /** The agent protocol's node id rule (docs/agent-protocol.md). */
    static final Pattern AGENT_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    record TokenView(String name, TokenRole role, String agentId, String createdBy, Instant createdAt) {
    }

    /** The only time a token is shown in clear. */
    record IssuedToken(String name, TokenRole role, String agentId, String token, Instant createdAt) {
    }

    private final ApiTokenRepository repository;
    private final AuditLog audit;
    private final SecureRandom random = new SecureRandom();

    TokenService(ApiTokenRepository repository, AuditLog audit) {
        this.repository = repository;
        this.audit = audit;
    }

    @Transactional(readOnly = true)
    Optional<ApiToken> authenticate(String token) {
        return repository.findByTokenHash(hash(token));
    }

    /** An AGENT token is bound to {@code agentId}, by default its own name. */
    @Transactional
    IssuedToken issue(String name, TokenRole role, String agentId) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw ApiException.badRequest("name", "name.pattern", "name must be 1-64 lowercase letters, digits, '.', '_' or '-'");
        }
        if (role == null) {
            throw ApiException.badRequest("role", "role.required", "role is required: ADMIN, VIEWER or AGENT");
        }
        if (role != TokenRole.AGENT && agentId != null) {
            throw ApiException.badRequest("agentId", "agentId.role", "agentId applies to AGENT tokens only");
        }
        String boundAgent = role == TokenRole.AGENT ? (agentId == null ? name : agentId) : null;
        if (boundAgent != null && !AGENT_ID.matcher(boundAgent).matches()) {
            throw ApiException.badRequest("agentId", "agentId.pattern",
                    "agentId must be 1-128 letters, digits, '.', '_', ':' or '-' (the agent's CONNECTORS_AGENT_ID)");
        }
        if (repository.findByName(name).isPresent()) {
            throw ApiException.conflict("name", "name.unique", "a token named '" + name + "' already exists");
        }
        String token = newToken();
        ApiToken saved;
        try {
            saved = repository.saveAndFlush(new ApiToken(name, role, hash(token), boundAgent, AuditLog.currentActor()));
        } catch (DataIntegrityViolationException e) {
            throw ApiException.conflict("name", "name.unique", "a token named '" + name + "' already exists");
        }
        audit.record("token.create", "tokens/" + name, boundAgent == null ? Map.of("role", role)
                : Map.of("role", role, "agentId", boundAgent));
        return new IssuedToken(name, role, boundAgent, token, saved.getCreatedAt());
    }

    @Transactional(readOnly = true)
    List<TokenView> list() {
        return repository.findAll(Sort.by("name")).stream()
                .map(t -> new TokenView(t.getName(), t.getRole(), t.getAgentId(), t.getCreatedBy(), t.getCreatedAt())).toList();
    }

    @Transactional
    void revoke(String name) {
        if (ADMIN_NAME.equals(name)) {
            throw ApiException.conflict("name", "name.builtin", "the built-in admin token is managed through CONNECTORS_ADMIN_TOKEN");
        }
        if (repository.deleteCounting(name) == 0) {
            throw ApiException.notFound("name", "token.notFound", "no token named '" + name + "'");
        }
        audit.record("token.delete", "tokens/" + name, Map.of());
    }

    /** Makes {@code token} the built-in admin's token (creating or replacing it). */
    @Transactional
    void setAdminToken(String token) {
        setBuiltInToken(ADMIN_NAME, TokenRole.ADMIN, token, null);
    }

    /** Creates or replaces the configured token named {@code name} (an AGENT one bound to {@code agentId}). */
    @Transactional
    void setBuiltInToken(String name, TokenRole role, String token, String agentId) {
        if (agentId != null && !AGENT_ID.matcher(agentId).matches()) {
            throw new IllegalStateException("the agent id '" + agentId + "' of the built-in agent token must be 1-128"
                    + " letters, digits, '.', '_', ':' or '-'");
        }
        String hash = hash(token);
        ApiToken existing = repository.findByName(name).orElse(null);
        if (existing == null) {
            repository.save(new ApiToken(name, role, hash, agentId, AuditLog.SYSTEM_ACTOR));
        } else {
            existing.replace(hash, agentId);
        }
    }

    @Transactional(readOnly = true)
    boolean adminExists() {
        return repository.existsByRole(TokenRole.ADMIN);
    }

    String newToken() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return "cst_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
