package com.connectorservice.controlplane.connector;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Sort;
import org.springframework.data.jpa.domain.Specification;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.connectorservice.controlplane.api.ApiException;
import com.connectorservice.controlplane.api.FieldViolation;
import com.connectorservice.controlplane.api.PageResponse;
import com.connectorservice.controlplane.api.Paging;
import com.connectorservice.controlplane.audit.AuditLog;
import com.connectorservice.controlplane.connector.validation.ConnectorValidator;
import com.connectorservice.controlplane.connector.validation.ValidationReport;
import com.connectorservice.controlplane.instance.InstanceService;
import com.connectorservice.controlplane.kafka.KafkaConnection;
import com.connectorservice.controlplane.provisioning.KafkaResources;
import com.connectorservice.controlplane.provisioning.ProvisioningResult;

import tools.jackson.databind.json.JsonMapper;

/**
 * Connector definitions: validate, provision the Kafka resources, store. Kafka calls run outside database
 * transactions (they can take seconds); provisioning is idempotent, so a failed save can simply be retried.
 */
@Service
public class ConnectorService {

    private final ConnectorRepository repository;
    private final InstanceService instances;
    private final ConnectorValidator validator;
    private final KafkaResources resources;
    private final DefinitionSecrets secrets;
    private final AuditLog audit;
    private final JsonMapper json;
    private final TransactionTemplate transaction;
    private final ApplicationEventPublisher events;

    ConnectorService(ConnectorRepository repository, InstanceService instances, ConnectorValidator validator,
            KafkaResources resources, DefinitionSecrets secrets, AuditLog audit, JsonMapper json, TransactionTemplate transaction,
            ApplicationEventPublisher events) {
        this.repository = repository;
        this.instances = instances;
        this.validator = validator;
        this.resources = resources;
        this.secrets = secrets;
        this.audit = audit;
        this.json = json;
        this.transaction = transaction;
        this.events = events;
    }

    public ValidationResponse validate(String instanceId, ConnectorDefinition definition) {
        KafkaConnection connection = instances.connection(instanceId);
        ConnectorDefinition normalized = definition.withDefaults();
        ValidationReport report = validator.validate(normalized, connection, nameTaken(instanceId, normalized.name()));
        return new ValidationResponse(report.valid(), report.errors(), report.warnings(), DefinitionSecrets.mask(normalized));
    }

    public ConnectorResponse create(String instanceId, ConnectorDefinition definition) {
        KafkaConnection connection = instances.connection(instanceId);
        ConnectorDefinition normalized = definition.withDefaults();
        requireValid(validator.validate(normalized, connection, nameTaken(instanceId, normalized.name())));
        ProvisioningResult provisioned = resources.provision(connection, normalized.source());
        try {
            return transaction.execute(status -> {
                ConnectorEntity entity = new ConnectorEntity(instanceId, normalized.name(), Instant.now());
                store(entity, normalized);
                repository.saveAndFlush(entity);
                audit.record("connector.create", target(instanceId, normalized.name()), auditDetails(normalized, provisioned));
                return toResponse(entity);
            });
        } catch (DataIntegrityViolationException e) {
            throw ApiException.conflict("name", "name.unique", "a connector named '" + normalized.name() + "' already exists on this instance");
        }
    }

    /**
     * A deployed connector takes changes that can be applied live (see {@link LiveChanges}); they reach its
     * workers under a new generation. The others are refused with 409, each field named.
     */
    public ConnectorResponse update(String instanceId, String name, ConnectorDefinition definition) {
        KafkaConnection connection = instances.connection(instanceId);
        ConnectorEntity existing = find(instanceId, name);
        if (definition.name() != null && !definition.name().equals(name)) {
            throw ApiException.badRequest("name", "name.immutable", "a connector cannot be renamed (path has '" + name
                    + "', body has '" + definition.name() + "')");
        }
        ConnectorDefinition normalized = DefinitionSecrets.keepStoredSecret(definition.withName(name), stored(existing)).withDefaults();
        requireLiveChange(existing, normalized);
        requireValid(validator.validate(normalized, connection, false));
        ProvisioningResult provisioned = resources.provision(connection, normalized.source());
        return transaction.execute(status -> {
            ConnectorEntity entity = find(instanceId, name);
            requireLiveChange(entity, normalized);
            store(entity, normalized);
            repository.saveAndFlush(entity);
            events.publishEvent(new ConnectorDefinitionChanged(entity.getId(), normalized.replicas()));
            audit.record("connector.update", target(instanceId, name), auditDetails(normalized, provisioned));
            return toResponse(entity);
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

    public void delete(String instanceId, String name, boolean deleteResources) {
        ConnectorEntity entity = find(instanceId, name);
        if (entity.getStatus().running()) {
            throw ApiException.conflict("status", "status.running", "connector '" + name + "' is " + entity.getStatus()
                    + "; stop it before deleting it");
        }
        List<String> deletedTopics = List.of();
        ConnectorDefinition definition = stored(entity);
        if (deleteResources) {
            deletedTopics = resources.delete(instances.connection(instanceId), definition.source());
        }
        List<String> topics = deletedTopics;
        transaction.executeWithoutResult(status -> {
            repository.delete(entity);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("deleteResources", deleteResources);
            if (deleteResources) {
                details.put("deletedGroup", definition.source().consumerGroup());
                details.put("deletedTopics", topics);
            }
            audit.record("connector.delete", target(instanceId, name), details);
        });
    }

    public ConnectorResponse get(String instanceId, String name) {
        return toResponse(find(instanceId, name));
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
        return PageResponse.of(repository.findAll(Specification.allOf(filters), Paging.of(page, size, Sort.by("name"))),
                this::toResponse);
    }

    private static ConnectorStatus parseStatus(String status) {
        try {
            return ConnectorStatus.valueOf(status);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("status", "status.invalid", "status must be one of "
                    + java.util.Arrays.toString(ConnectorStatus.values()));
        }
    }

    private static void requireValid(ValidationReport report) {
        if (report.valid()) {
            return;
        }
        boolean duplicate = report.errors().stream().anyMatch(e -> "name.unique".equals(e.rule()));
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
        entity.setDefinition(plain, json.writeValueAsString(secrets.encrypt(plain)), Instant.now());
    }

    private ConnectorDefinition stored(ConnectorEntity entity) {
        return json.readValue(entity.getDefinition(), ConnectorDefinition.class);
    }

    private ConnectorResponse toResponse(ConnectorEntity entity) {
        ConnectorDefinition masked = DefinitionSecrets.mask(stored(entity));
        return new ConnectorResponse(entity.getInstanceId(), entity.getName(), masked.description(), entity.getStatus(),
                masked.source(), masked.destination(),
                masked.replicas() == null ? ConnectorDefinition.DEFAULT_REPLICAS : masked.replicas(), entity.getCreatedAt(), entity.getUpdatedAt());
    }

    static String target(String instanceId, String name) {
        return "instances/" + instanceId + "/connectors/" + name;
    }

    private static Map<String, Object> auditDetails(ConnectorDefinition definition, ProvisioningResult provisioned) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("sourceTopic", definition.source().topic());
        details.put("destinationType", Destination.typeOf(definition.destination()));
        details.put("resourceCreation", definition.source().resourceCreation());
        details.put("createdTopics", provisioned.createdTopics());
        details.put("committedPartitions", provisioned.committedPartitions());
        return details;
    }
}
