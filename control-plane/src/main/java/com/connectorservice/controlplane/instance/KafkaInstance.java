package com.connectorservice.controlplane.instance;

import java.time.Instant;

import org.hibernate.annotations.ColumnTransformer;
import org.springframework.data.domain.Persistable;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.PostLoad;
import jakarta.persistence.PostPersist;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

@Entity
@Table(name = "kafka_instance")
public class KafkaInstance implements Persistable<String> {

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

    /**
     * Made by a create, not read: saved with an insert, which fails on an id taken meanwhile. Spring Data merges an
     * entity whose id is assigned, so of two creates of one id at once the second updated the first's row and both
     * answered 201.
     */
    @Transient
    private boolean created;

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
        this.created = true;
    }

    @Override
    public boolean isNew() {
        return created;
    }

    @PostLoad
    @PostPersist
    void stored() {
        created = false;
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
