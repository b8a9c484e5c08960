package com.connectorservice.controlplane.instance;

import java.time.Instant;

import org.hibernate.annotations.ColumnTransformer;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

@Entity
@Table(name = "kafka_instance")
public class KafkaInstance {

    @Id
    private String id;

    @Column(nullable = false)
    private String name;

    @Column(name = "bootstrap_servers", nullable = false)
    private String bootstrapServers;

    /** JSON object of client properties; values of secret keys are AES-GCM ciphertexts. */
    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    private String properties;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected KafkaInstance() {
    }

    KafkaInstance(String id, String name, String bootstrapServers, String properties, Instant now) {
        this.id = id;
        this.name = name;
        this.bootstrapServers = bootstrapServers;
        this.properties = properties;
        this.createdAt = now;
        this.updatedAt = now;
    }

    public String getId() {
        return id;
    }

    public String getName() {
        return name;
    }

    public String getBootstrapServers() {
        return bootstrapServers;
    }

    String getProperties() {
        return properties;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
