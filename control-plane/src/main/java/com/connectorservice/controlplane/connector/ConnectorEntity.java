package com.connectorservice.controlplane.connector;

import java.time.Instant;

import org.hibernate.annotations.ColumnTransformer;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

/** A stored connector: the definition as one JSON document (secrets encrypted) plus the columns lists filter on. */
@Entity
@Table(name = "connector")
public class ConnectorEntity {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;

    @Column(name = "instance_id", nullable = false)
    private String instanceId;

    @Column(nullable = false)
    private String name;

    private String description;

    /** Inserted as NOT_DEPLOYED, then written only by {@link ConnectorRepository}'s status statements. */
    @Enumerated(EnumType.STRING)
    @Column(nullable = false, updatable = false)
    private ConnectorStatus status;

    /** Set with DELETING: whether the background delete also deletes the resources the service created. */
    @Column(name = "delete_resources", updatable = false)
    private Boolean deleteResources;

    @Column(name = "source_topic", nullable = false)
    private String sourceTopic;

    @Column(name = "destination_type", nullable = false)
    private String destinationType;

    @Column(nullable = false, columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    private String definition;

    @Version
    private long version;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected ConnectorEntity() {
    }

    ConnectorEntity(String instanceId, String name, Instant now) {
        this.instanceId = instanceId;
        this.name = name;
        this.status = ConnectorStatus.NOT_DEPLOYED;
        this.createdAt = now;
    }

    void setDefinition(ConnectorDefinition plain, String destinationType, String storedJson, Instant now) {
        this.description = plain.description();
        this.sourceTopic = plain.source().topic();
        this.destinationType = destinationType;
        this.definition = storedJson;
        this.updatedAt = now;
    }

    public Long getId() {
        return id;
    }

    public String getInstanceId() {
        return instanceId;
    }

    public String getName() {
        return name;
    }

    public ConnectorStatus getStatus() {
        return status;
    }

    boolean deletesResources() {
        return Boolean.TRUE.equals(deleteResources);
    }

    String getDefinition() {
        return definition;
    }

    /** Bumped by every save of the definition (status statements leave it): the connector's ETag. */
    public long getVersion() {
        return version;
    }

    public Instant getCreatedAt() {
        return createdAt;
    }

    public Instant getUpdatedAt() {
        return updatedAt;
    }
}
