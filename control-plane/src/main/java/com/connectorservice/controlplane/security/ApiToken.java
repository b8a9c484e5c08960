package com.connectorservice.controlplane.security;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "api_token")
class ApiToken {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(nullable = false, unique = true)
    private String name;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private TokenRole role;

    /** Hex SHA-256 of the token: tokens are 256 random bits, so a fast hash is enough and lookups stay O(1). */
    @Column(name = "token_hash", nullable = false, unique = true)
    private String tokenHash;

    /** For AGENT tokens: the only agent id the token may register and heartbeat as. */
    @Column(name = "agent_id")
    private String agentId;

    @Column(name = "created_by")
    private String createdBy;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    protected ApiToken() {
    }

    ApiToken(String name, TokenRole role, String tokenHash, String agentId, String createdBy) {
        this.name = name;
        this.role = role;
        this.tokenHash = tokenHash;
        this.agentId = agentId;
        this.createdBy = createdBy;
        this.createdAt = Instant.now();
    }

    String getName() {
        return name;
    }

    TokenRole getRole() {
        return role;
    }

    String getAgentId() {
        return agentId;
    }

    String getCreatedBy() {
        return createdBy;
    }

    Instant getCreatedAt() {
        return createdAt;
    }

    void replace(String newHash, String newAgentId) {
        this.tokenHash = newHash;
        this.agentId = newAgentId;
    }
}
