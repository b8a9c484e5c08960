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

    /**
     * The id the cluster itself reports (describeCluster): two instances with the same id are one cluster, however
     * their bootstrap servers are spelt. Null only for instances registered before it was recorded, until resolved.
     */
    @Column(name = "cluster_id")
    private String clusterId;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected KafkaInstance() {
    }

    KafkaInstance(String id, String name, String bootstrapServers, String properties, String clusterId, Instant now) {
        this.id = id;
        this.clusterId = clusterId;
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

    public String getClusterId() {
        return clusterId;
    }

    void setClusterId(String clusterId) {
        this.clusterId = clusterId;
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
