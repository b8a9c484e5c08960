package com.connectorservice.controlplane.instance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import com.connectorservice.controlplane.api.ApiException;
import com.connectorservice.controlplane.api.FieldViolation;
import com.connectorservice.controlplane.audit.AuditLog;
import com.connectorservice.controlplane.kafka.KafkaClients;
import com.connectorservice.controlplane.kafka.KafkaConnection;
import com.connectorservice.controlplane.secret.SecretCipher;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

@Service
public class InstanceService {

    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,47}");
    static final int MAX_PROPERTY_KEY_LENGTH = 256;
    static final int MAX_PROPERTY_VALUE_LENGTH = 16 * 1024;
    private static final TypeReference<LinkedHashMap<String, String>> STRING_MAP = new TypeReference<>() {
    };

    private final KafkaInstanceRepository repository;
    private final List<InstanceUsage> usages;
    private final KafkaClients kafka;
    private final SecretCipher cipher;
    private final JsonMapper json;
    private final AuditLog audit;

    InstanceService(KafkaInstanceRepository repository, List<InstanceUsage> usages, KafkaClients kafka, SecretCipher cipher,
            JsonMapper json, AuditLog audit) {
        this.repository = repository;
        this.usages = usages;
        this.kafka = kafka;
        this.cipher = cipher;
        this.json = json;
        this.audit = audit;
    }

    /** Not one transaction: the reachability check may take the whole Kafka timeout. */
    public InstanceResponse create(InstanceRequest request) {
        List<FieldViolation> errors = check(request);
        if (!errors.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, errors);
        }
        if (repository.existsById(request.id())) {
            throw ApiException.conflict("id", "id.unique", "an instance with id '" + request.id() + "' already exists");
        }
        Map<String, String> properties = request.properties() == null ? Map.of() : request.properties();
        KafkaConnection connection = new KafkaConnection(request.id(), request.bootstrapServers().trim(), properties);
        KafkaClients.ClusterProbe cluster = probe(connection);
        KafkaInstance instance;
        try {
            instance = repository.saveAndFlush(new KafkaInstance(request.id(), request.name(), connection.bootstrapServers(),
                    json.writeValueAsString(ClientPropertySecrets.mapSecrets(properties, cipher::encrypt)), cluster.clusterId(),
                    Instant.now()));
        } catch (DataIntegrityViolationException e) {
            throw ApiException.conflict("id", "id.unique", "an instance with id '" + request.id() + "' already exists");
        }
        audit.record("instance.create", "instances/" + instance.getId(),
                Map.of("bootstrapServers", instance.getBootstrapServers(), "clusterId", cluster.clusterId(),
                        "brokers", cluster.brokers(),
                        "propertyKeys", List.copyOf(properties.keySet())));
        return toResponse(instance);
    }

    @Transactional(readOnly = true)
    public List<InstanceResponse> list() {
        return repository.findAll().stream().map(this::toResponse).toList();
    }

    @Transactional(readOnly = true)
    public InstanceResponse get(String id) {
        return toResponse(find(id));
    }

    @Transactional
    public void delete(String id) {
        KafkaInstance instance = find(id);
        List<String> inUse = new ArrayList<>();
        for (InstanceUsage usage : usages) {
            long count = usage.count(id);
            if (count > 0) {
                inUse.add(count + " " + usage.what());
            }
        }
        if (!inUse.isEmpty()) {
            throw ApiException.conflict("instanceId", "instance.inUse",
                    "instance '" + id + "' still has " + String.join(" and ", inUse) + "; delete them first");
        }
        try {
            if (repository.deleteCounting(instance.getId()) == 0) {
                throw notFound(id); // another request deleted it first
            }
        } catch (DataIntegrityViolationException e) {
            throw ApiException.conflict("instanceId", "instance.inUse", "instance '" + id + "' got a connector or sync"
                    + " job while it was being deleted; delete them first");
        }
        audit.record("instance.delete", "instances/" + id, Map.of());
    }

    /** Throws the 404 problem when no instance has this id. */
    public void requireExists(String id) {
        if (!repository.existsById(id)) {
            throw notFound(id);
        }
    }

    /** The decrypted connection settings other features use to talk to the instance's cluster. */
    @Transactional(readOnly = true)
    public KafkaConnection connection(String id) {
        KafkaInstance instance = find(id);
        return new KafkaConnection(id, instance.getBootstrapServers(), ClientPropertySecrets.mapSecrets(storedProperties(instance), cipher::decrypt));
    }

    private KafkaInstance find(String id) {
        return repository.findById(id).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(String id) {
        return ApiException.notFound("instanceId", "instance.notFound", "no Kafka instance with id '" + id + "'");
    }

    /**
     * The id of the instance's Kafka cluster, asked of the cluster the first time for instances registered before it was
     * recorded. Connectors' internal topics and groups are unique per cluster, so this is what ownership is keyed by.
     */
    public String clusterId(String instanceId) {
        KafkaInstance instance = find(instanceId);
        if (instance.getClusterId() != null) {
            return instance.getClusterId();
        }
        KafkaConnection connection = connection(instanceId);
        String clusterId;
        try (Admin admin = kafka.admin(connection)) {
            clusterId = kafka.await(admin.describeCluster().clusterId(), connection);
        } catch (ExecutionException e) {
            throw kafka.unreachable(connection, e);
        }
        repository.findById(instanceId).ifPresent(stored -> {
            stored.setClusterId(clusterId);
            repository.saveAndFlush(stored);
        });
        return clusterId;
    }

    private KafkaClients.ClusterProbe probe(KafkaConnection connection) {
        try {
            return kafka.probe(connection);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            throw ApiException.badRequest("bootstrapServers", "bootstrapServers.unreachable",
                    "the Kafka cluster at " + connection.bootstrapServers() + " did not answer within "
                            + kafka.probeTimeout().toSeconds() + "s: " + cause.getClass().getSimpleName()
                            + (cause.getMessage() == null ? "" : " " + cause.getMessage()));
        }
    }

    private List<FieldViolation> check(InstanceRequest request) {
        List<FieldViolation> errors = new ArrayList<>();
        if (request.id() == null || request.id().isBlank()) {
            errors.add(new FieldViolation("id", "id.required", "id is required, e.g. kafka-local"));
        } else if (!ID.matcher(request.id()).matches()) {
            errors.add(new FieldViolation("id", "id.pattern",
                    "id must be 1-48 lowercase letters, digits or hyphens and must not start with a hyphen"));
        }
        if (request.name() == null || request.name().isBlank()) {
            errors.add(new FieldViolation("name", "name.required", "name is required"));
        } else if (request.name().length() > 128) {
            errors.add(new FieldViolation("name", "name.length", "name must be at most 128 characters"));
        }
        if (request.bootstrapServers() == null || request.bootstrapServers().isBlank()) {
            errors.add(new FieldViolation("bootstrapServers", "bootstrapServers.required",
                    "bootstrapServers is required, e.g. localhost:9092"));
        } else if (request.bootstrapServers().length() > 1024) {
            errors.add(new FieldViolation("bootstrapServers", "bootstrapServers.length", "bootstrapServers must be at most 1024 characters"));
        } else if (!request.bootstrapServers().trim().matches("[^\\s,]+:\\d{1,5}(\\s*,\\s*[^\\s,]+:\\d{1,5})*")) {
            errors.add(new FieldViolation("bootstrapServers", "bootstrapServers.pattern",
                    "bootstrapServers must be a comma-separated list of host:port"));
        }
        if (request.properties() != null) {
            request.properties().forEach((key, value) -> {
                if (key.equalsIgnoreCase("bootstrap.servers")) {
                    errors.add(new FieldViolation("properties." + key, "properties.bootstrapServers",
                            "set bootstrapServers instead of properties.bootstrap.servers"));
                } else if (value == null) {
                    errors.add(new FieldViolation("properties." + key, "properties.value.required",
                            "property '" + key + "' needs a value"));
                } else if (key.length() > MAX_PROPERTY_KEY_LENGTH) {
                    errors.add(new FieldViolation("properties", "properties.key.length", "property names must be at most "
                            + MAX_PROPERTY_KEY_LENGTH + " characters"));
                } else if (value.length() > MAX_PROPERTY_VALUE_LENGTH) {
                    errors.add(new FieldViolation("properties." + key, "properties.value.length", "property '" + key
                            + "' is " + value.length() + " characters; client settings (a JAAS config with its password"
                            + " included) fit in " + MAX_PROPERTY_VALUE_LENGTH));
                }
            });
        }
        return errors;
    }

    private Map<String, String> storedProperties(KafkaInstance instance) {
        return json.readValue(instance.getProperties(), STRING_MAP);
    }

    private InstanceResponse toResponse(KafkaInstance instance) {
        return new InstanceResponse(instance.getId(), instance.getName(), instance.getBootstrapServers(),
                instance.getClusterId(), ClientPropertySecrets.mapSecrets(storedProperties(instance), value -> SecretCipher.MASK),
                instance.getCreatedAt(), instance.getUpdatedAt());
    }
}
