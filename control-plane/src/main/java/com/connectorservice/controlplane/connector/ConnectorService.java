package com.connectorservice.controlplane.connector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.connectorservice.contracts.agent.Isolation;
import com.connectorservice.controlplane.api.ApiException;
import com.connectorservice.controlplane.api.FieldViolation;
import com.connectorservice.controlplane.api.PageResponse;
import com.connectorservice.controlplane.api.Paging;
import com.connectorservice.controlplane.audit.AuditLog;
import com.connectorservice.controlplane.authorization.AuthorizationCheck;
import com.connectorservice.controlplane.connector.validation.ConnectorValidator;
import com.connectorservice.controlplane.connector.validation.ValidationReport;
import com.connectorservice.controlplane.destination.Destinations;
import com.connectorservice.controlplane.destination.tablestore.TablestoreDestination;
import com.connectorservice.controlplane.instance.InstanceService;
import com.connectorservice.controlplane.kafka.KafkaConnection;
import com.connectorservice.controlplane.provisioning.CreatedResource;
import com.connectorservice.controlplane.provisioning.ProvisioningResult;

import tools.jackson.databind.json.JsonMapper;

/**
 * Connector definitions: validate, provision the Kafka resources, store. Creating, changing and (the last step of)
 * deleting a connector each run in one transaction holding its Kafka cluster's lock ({@link ConnectorResources}), so a failed create takes
 * back exactly what it made.
 */
@Service
public class ConnectorService {

    private final ConnectorRepository repository;
    private final InstanceService instances;
    private final ConnectorValidator validator;
    private final DefinitionSecrets secrets;
    private final AuditLog audit;
    private final JsonMapper json;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;
    private final ConnectorResources clusterResources;
    private final Destinations destinations;
    private final AuthorizationCheck authorization;

    ConnectorService(ConnectorRepository repository, InstanceService instances, ConnectorValidator validator,
            ConnectorResources clusterResources, DefinitionSecrets secrets, Destinations destinations, AuditLog audit,
            JsonMapper json, TransactionTemplate transaction, ApplicationEventPublisher events,
            AuthorizationCheck authorization) {
        this.destinations = destinations;
        this.authorization = authorization;
        this.repository = repository;
        this.instances = instances;
        this.validator = validator;
        this.clusterResources = clusterResources;
        this.secrets = secrets;
        this.audit = audit;
        this.json = json;
        this.transaction = transaction;
        this.events = events;
    }

    public ValidationResponse validate(String instanceId, ConnectorDefinition definition) {
        KafkaConnection connection = instances.connection(instanceId);
        ConnectorDefinition normalized = definition.withDefaults();
        ValidationReport report = check(normalized, instanceId, connection, clusterResources.clusterId(instanceId), null);
        return new ValidationResponse(report.valid(), report.errors(), report.warnings(), secrets.mask(normalized));
    }

    /** Validates, provisions and stores, all or nothing: what provisioning created is deleted again if anything fails. */
    public ConnectorResponse create(String instanceId, ConnectorDefinition definition) {
        KafkaConnection connection = instances.connection(instanceId);
        ConnectorDefinition normalized = definition.withDefaults();
        String clusterId = clusterResources.clusterId(instanceId);
        requireValid(check(normalized, instanceId, connection, clusterId, null));
        try {
            ConnectorResponse created = clusterResources.inClusterTransaction(connection, clusterId, kafka -> {
                // again under the cluster's lock: a create on another instance of the cluster may have come first
                requireValid(ownership(normalized, instanceId, clusterId, null, nameTaken(instanceId, normalized.name())));
                ProvisioningResult provisioned = kafka.provision(normalized.source());
                ConnectorEntity entity = new ConnectorEntity(instanceId, normalized.name(), Instant.now());
                store(entity, normalized);
                repository.saveAndFlush(entity);
                clusterResources.record(instanceId, clusterId, entity.getId(), normalized, provisioned);
                audit.record("connector.create", target(instanceId, normalized.name()), auditDetails(normalized, provisioned));
                return toResponse(entity);
            });
            if (normalized.destination() instanceof TablestoreDestination) {
                authorization.ensureServiceLinkedRole();
            }
            return created;
        } catch (DataIntegrityViolationException e) {
            if (String.valueOf(e.getMostSpecificCause().getMessage()).contains("connector_name_unique")) {
                throw ApiException.conflict("name", "name.unique", "a connector named '" + normalized.name()
                        + "' already exists on this instance");
            }
            throw e;
        }
    }

    /**
     * A deployed connector takes changes that can be applied live (see {@link LiveChanges}); they reach its
     * workers under a new generation. The others are refused with 409, each field named.
     */
    /**
     * With {@code ifMatch}, the change must have been made to the stored definition's version (see
     * {@link DefinitionVersion}), checked before and again under the cluster's lock.
     */
    VersionedConnector update(String instanceId, String name, ConnectorDefinition definition, String ifMatch) {
        KafkaConnection connection = instances.connection(instanceId);
        ConnectorEntity existing = find(instanceId, name);
        DefinitionVersion.requireMatch(ifMatch, existing);
        if (definition.name() != null && !definition.name().equals(name)) {
            throw ApiException.badRequest("name", "name.immutable", "a connector cannot be renamed (path has '" + name
                    + "', body has '" + definition.name() + "')");
        }
        requireNotDeleting(existing);
        ConnectorDefinition normalized = secrets.keepStoredSecret(definition.withName(name), stored(existing)).withDefaults();
        requireLiveChange(existing, normalized);
        String clusterId = clusterResources.clusterId(instanceId);
        requireValid(check(normalized, instanceId, connection, clusterId, existing.getId()));
        return clusterResources.inClusterTransaction(connection, clusterId, kafka -> {
            requireValid(ownership(normalized, instanceId, clusterId, existing.getId(), false));
            ConnectorEntity entity = find(instanceId, name);
            DefinitionVersion.requireMatch(ifMatch, entity);
            requireNotDeleting(entity);
            requireLiveChange(entity, normalized);
            ProvisioningResult provisioned = kafka.provision(normalized.source());
            store(entity, normalized);
            repository.saveAndFlush(entity);
            clusterResources.record(instanceId, clusterId, entity.getId(), normalized, provisioned);
            events.publishEvent(new ConnectorDefinitionChanged(entity.getId(), normalized.replicas()));
            audit.record("connector.update", target(instanceId, name), auditDetails(normalized, provisioned));
            return versioned(entity);
        });
    }

    /**
     * Provisions the stored definition again (deploy): idempotent, it creates only what went missing, which then
     * belongs to the connector like what its creation made.
     */
    public ProvisioningResult provision(String instanceId, String name) {
        KafkaConnection connection = instances.connection(instanceId);
        ConnectorEntity entity = find(instanceId, name);
        requireNotDeleting(entity);
        ConnectorDefinition definition = stored(entity).withDefaults();
        String clusterId = clusterResources.clusterId(instanceId);
        return clusterResources.inClusterTransaction(connection, clusterId, kafka -> {
            ProvisioningResult provisioned = kafka.provision(definition.source());
            clusterResources.record(instanceId, clusterId, entity.getId(), definition, provisioned);
            return provisioned;
        });
    }

    private void requireLiveChange(ConnectorEntity entity, ConnectorDefinition update) {
        if (!entity.getStatus().running()) {
            return;
        }
        List<FieldViolation> refused = LiveChanges.refused(stored(entity).withDefaults().source(), update.source(), entity.getStatus());
        if (!refused.isEmpty()) {
            throw new ApiException(HttpStatus.CONFLICT, refused.size() == 1 ? refused.get(0).message()
                    : refused.size() + " fields cannot change while the connector is " + entity.getStatus(), refused, List.of());
        }
    }

    /**
     * Accepts a DELETE: the connector turns DELETING (reports no longer change that, edits and deploys are refused) and
     * {@link ConnectorDeletions} finishes it in the background. A repeated request while deleting answers the same
     * DELETING connector and keeps the first request's {@code deleteResources}.
     */
    public ConnectorResponse requestDelete(String instanceId, String name, boolean deleteResources) {
        ConnectorEntity entity = find(instanceId, name);
        transaction.executeWithoutResult(status -> {
            if (repository.markDeleting(entity.getId(), deleteResources) > 0) {
                audit.record("connector.delete.requested", target(instanceId, name),
                        Map.of("deleteResources", deleteResources));
            }
        });
        return get(instanceId, name);
    }

    /** The connectors whose DELETE was accepted and is not finished: {instanceId, name}. */
    public List<ConnectorRef> deleting() {
        return repository.findByStatus(ConnectorStatus.DELETING).stream()
                .map(entity -> new ConnectorRef(entity.getInstanceId(), entity.getName()))
                .toList();
    }

    /**
     * The last step of a DELETE, once the connector runs nowhere: with {@code deleteResources}, deletes the topics and
     * the group the service created for this connector, and only those (see {@link ConnectorResources#deleteCreated});
     * without, they are kept, and a later connector that uses them takes them over. Then the row goes.
     */
    public void finishDelete(String instanceId, String name) {
        ConnectorEntity entity = find(instanceId, name);
        if (entity.getStatus() != ConnectorStatus.DELETING) {
            throw new IllegalStateException("connector " + target(instanceId, name) + " is " + entity.getStatus()
                    + ", not DELETING");
        }
        boolean deleteResources = entity.deletesResources();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("deleteResources", deleteResources);
        if (!deleteResources) {
            transaction.executeWithoutResult(status -> {
                details.put("keptResources", clusterResources.createdFor(entity.getId()));
                repository.delete(entity);
                audit.record("connector.delete", target(instanceId, name), details);
            });
            return;
        }
        KafkaConnection connection = instances.connection(instanceId);
        SourceSettings source = stored(entity).withDefaults().source();
        String clusterId = clusterResources.clusterId(instanceId);
        clusterResources.inClusterTransaction(connection, clusterId, kafka -> {
            details.putAll(clusterResources.deleteCreated(connection, clusterId, instanceId, entity.getId(), source));
            repository.delete(entity);
            audit.record("connector.delete", target(instanceId, name), details);
            return null;
        });
    }

    /** Refuses (409) anything but reading a connector whose DELETE was accepted. */
    public void requireNotDeleting(String instanceId, String name) {
        requireNotDeleting(find(instanceId, name));
    }

    private static void requireNotDeleting(ConnectorEntity entity) {
        if (entity.getStatus() == ConnectorStatus.DELETING) {
            throw ApiException.conflict("status", "status.deleting", "connector '" + entity.getName()
                    + "' is being deleted");
        }
    }

    public ConnectorResponse get(String instanceId, String name) {
        return toResponse(find(instanceId, name));
    }

    VersionedConnector getVersioned(String instanceId, String name) {
        return versioned(find(instanceId, name));
    }

    private VersionedConnector versioned(ConnectorEntity entity) {
        return new VersionedConnector(toResponse(entity), DefinitionVersion.etag(entity.getVersion()));
    }

    /** The stored definition with its secrets decrypted, for features that hand it to Kafka Connect. */
    public ConnectorDefinition definition(String instanceId, String name) {
        return secrets.decrypt(stored(find(instanceId, name)));
    }

    public PageResponse<ConnectorResponse> list(String instanceId, String q, String status, int page, int size) {
        instances.requireExists(instanceId);
        List<Specification<ConnectorEntity>> filters = new ArrayList<>();
        filters.add((root, query, cb) -> cb.equal(root.get("instanceId"), instanceId));
        if (q != null && !q.isBlank()) {
            String pattern = "%" + q.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
            filters.add((root, query, cb) -> cb.like(cb.lower(root.get("name")), pattern, '\\'));
        }
        if (status != null && !status.isBlank()) {
            ConnectorStatus wanted = parseStatus(status);
            filters.add((root, query, cb) -> cb.equal(root.get("status"), wanted));
        }
        Page<ConnectorEntity> found = repository.findAll(Specification.allOf(filters), Paging.of(page, size, Sort.by("name")));
        Map<Long, List<CreatedResource>> created = clusterResources.createdFor(
                found.getContent().stream().map(ConnectorEntity::getId).toList());
        return PageResponse.of(found, entity -> toResponse(entity, created.getOrDefault(entity.getId(), List.of())));
    }

    private static ConnectorStatus parseStatus(String status) {
        try {
            return ConnectorStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("status", "status.invalid", "status must be one of "
                    + java.util.Arrays.toString(ConnectorStatus.values()));
        }
    }

    /** The definition's own rules, the broker's topics, and what other connectors of the cluster own. */
    private ValidationReport check(ConnectorDefinition definition, String instanceId, KafkaConnection connection,
            String clusterId, Long self) {
        ValidationReport report = validator.validate(definition, connection,
                self == null && nameTaken(instanceId, definition.name()));
        ValidationReport owned = ownership(definition, instanceId, clusterId, self, false);
        List<FieldViolation> errors = new ArrayList<>(report.errors());
        List<FieldViolation> warnings = new ArrayList<>(report.warnings());
        errors.addAll(owned.errors());
        boolean destinationValid = definition.destination() != null
                && errors.stream().noneMatch(e -> e.field() != null && e.field().startsWith("destination"));
        if (destinationValid) {
            ValidationReport destination = validator.checkDestination(secrets.decrypt(definition).destination());
            errors.addAll(destination.errors());
            warnings.addAll(destination.warnings());
        }
        return new ValidationReport(errors, warnings);
    }

    private ValidationReport ownership(ConnectorDefinition definition, String instanceId, String clusterId, Long self,
            boolean nameTaken) {
        List<FieldViolation> errors = new ArrayList<>();
        if (nameTaken) {
            errors.add(new FieldViolation("name", "name.unique", "a connector named '" + definition.name()
                    + "' already exists on this instance"));
        }
        errors.addAll(clusterResources.conflicts(definition, instanceId, clusterId, self));
        return new ValidationReport(errors, List.of());
    }

    private static void requireValid(ValidationReport report) {
        if (report.valid()) {
            return;
        }
        boolean duplicate = report.errors().stream().anyMatch(e -> "name.unique".equals(e.rule()) || e.rule().endsWith(".owned"));
        List<FieldViolation> errors = report.errors();
        throw new ApiException(duplicate ? HttpStatus.CONFLICT : HttpStatus.BAD_REQUEST,
                errors.size() == 1 ? errors.get(0).message() : "the connector definition has " + errors.size() + " errors",
                errors, report.warnings());
    }

    private boolean nameTaken(String instanceId, String name) {
        return name != null && repository.existsByInstanceIdAndName(instanceId, name);
    }

    private ConnectorEntity find(String instanceId, String name) {
        instances.requireExists(instanceId);
        return repository.findByInstanceIdAndName(instanceId, name).orElseThrow(() -> ApiException.notFound("name",
                "connector.notFound", "no connector named '" + name + "' on instance '" + instanceId + "'"));
    }

    private void store(ConnectorEntity entity, ConnectorDefinition plain) {
        entity.setDefinition(plain, destinations.typeOf(plain.destination()), json.writeValueAsString(secrets.encrypt(plain)),
                Instant.now());
    }

    private ConnectorDefinition stored(ConnectorEntity entity) {
        return json.readValue(entity.getDefinition(), ConnectorDefinition.class);
    }

    private ConnectorResponse toResponse(ConnectorEntity entity) {
        return toResponse(entity, clusterResources.createdFor(entity.getId()));
    }

    private ConnectorResponse toResponse(ConnectorEntity entity, List<CreatedResource> created) {
        ConnectorDefinition masked = secrets.mask(stored(entity));
        return new ConnectorResponse(entity.getInstanceId(), entity.getName(), masked.description(), entity.getStatus(),
                masked.source(), masked.destination(),
                masked.replicas() == null ? ConnectorDefinition.DEFAULT_REPLICAS : masked.replicas(),
                Isolation.orDefault(masked.isolation()), created,
                entity.getCreatedAt(), entity.getUpdatedAt());
    }

    static String target(String instanceId, String name) {
        return "instances/" + instanceId + "/connectors/" + name;
    }

    private Map<String, Object> auditDetails(ConnectorDefinition definition, ProvisioningResult provisioned) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sourceTopic", definition.source().topic());
        details.put("destinationType", destinations.typeOf(definition.destination()));
        details.put("resourceCreation", definition.source().resourceCreation());
        details.put("createdTopics", provisioned.createdTopics());
        details.put("committedPartitions", provisioned.committedPartitions());
        return details;
    }
}
