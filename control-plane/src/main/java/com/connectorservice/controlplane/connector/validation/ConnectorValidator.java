package com.connectorservice.controlplane.connector.validation;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

import com.connectorservice.contracts.connector.ConnectorNames;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.MessageFormat;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.PrimaryKeyMode;
import com.connectorservice.controlplane.authorization.CloudIdentityProperties;
import com.connectorservice.controlplane.connectconfig.ConfigProblemAt;
import com.connectorservice.controlplane.connectconfig.ConnectConfigMapper;
import com.connectorservice.controlplane.connector.ConnectorDefinition;
import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.controlplane.connector.MaxComputeDestination;
import com.connectorservice.controlplane.connector.SourceSettings;
import com.connectorservice.controlplane.connector.SourceSettings.ResourceCreation;
import com.connectorservice.controlplane.connector.TablestoreDestination;
import com.connectorservice.controlplane.connector.TablestoreDestination.PrimaryKeyColumn;
import com.connectorservice.controlplane.kafka.KafkaConnection;
import com.connectorservice.controlplane.provisioning.InternalTopic;
import com.connectorservice.controlplane.provisioning.KafkaResources;
import com.connectorservice.controlplane.provisioning.TopicState;
import com.connectorservice.controlplane.secret.SecretCipher;

/**
 * The one place that decides whether a connector definition is acceptable. It checks the definition
 * itself first, then the Connect config it maps to with the sink's own checks (its ConfigDef and rules between
 * keys, from the sink's spec: one definition of each rule), then (when the names are well-formed) what the broker
 * has: the source topic and existing internal topics. It returns every violation at once so the wizard can mark all
 * fields in one round trip. Expects a definition with defaults already applied.
 */
@Component
public class ConnectorValidator {

    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern MAXCOMPUTE_PROJECT = Pattern.compile("[A-Za-z][A-Za-z0-9_]{2,27}");
    private static final Pattern MAXCOMPUTE_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}-[a-z0-9-]+");
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{1,32}");
    private static final Pattern TABLESTORE_INSTANCE = Pattern.compile("[A-Za-z][A-Za-z0-9-]{1,14}[A-Za-z0-9]");
    private static final Pattern TABLESTORE_TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

    /** Stands in for the instance when the broker checks are skipped: the sink only needs the key to be set. */
    private static final KafkaConnection NO_CONNECTION = new KafkaConnection(null, "the-instance:9092", Map.of());

    static final int MAX_ACCESS_KEY_LENGTH = 128;
    static final int MAX_ROLE_NAME_LENGTH = 64;
    static final int MAX_URL_LENGTH = 1024;

    private final KafkaResources resources;
    private final ConnectConfigMapper.ServiceIdentity service;

    public ConnectorValidator(KafkaResources resources, CloudIdentityProperties cloud) {
        this.resources = resources;
        this.service = cloud.serviceIdentity();
    }

    /**
     * @param connection the instance's cluster, or {@code null} to skip the broker checks
     * @param nameTaken whether another connector on the instance already has this name
     */
    public ValidationReport validate(ConnectorDefinition definition, KafkaConnection connection, boolean nameTaken) {
        Violations v = new Violations();
        checkName(v, definition.name(), nameTaken);
        if (definition.description() != null && definition.description().length() > 1024) {
            v.error("description", "length", "description must be at most 1024 characters");
        }
        if (definition.replicas() != null
                && (definition.replicas() < 1 || definition.replicas() > ConnectorDefinition.MAX_REPLICAS)) {
            v.error("replicas", "range", "replicas must be between 1 and " + ConnectorDefinition.MAX_REPLICAS
                    + " (worker nodes running the connector), got " + definition.replicas());
        }
        SourceSettings source = definition.source();
        checkSource(v, source, definition.name());
        if (v.required("destination", definition.destination())) {
            if (definition.destination() instanceof MaxComputeDestination maxCompute) {
                checkMaxCompute(v, maxCompute);
            } else if (definition.destination() instanceof TablestoreDestination tablestore) {
                checkTablestore(v, tablestore);
            }
            checkSinkConfig(v, definition, connection);
        }
        if (connection != null && topicNamesUsable(v)) {
            checkBroker(v, source, connection);
        }
        return v.report();
    }

    private static boolean topicNamesUsable(Violations v) {
        return !v.hasErrorOn("source.topic") && java.util.Arrays.stream(InternalTopic.values()).noneMatch(t -> v.hasErrorOn(t.field()));
    }

    private static void checkName(Violations v, String name, boolean nameTaken) {
        if (!v.required("name", name)) {
            return;
        }
        if (name.length() > ConnectorNames.MAX_LENGTH) {
            v.error("name", "length", "name must be at most " + ConnectorNames.MAX_LENGTH + " characters, got "
                    + name.length());
        }
        if (!ConnectorNames.matchesPattern(name)) {
            v.error("name", "pattern", "name may contain only lowercase letters, digits and hyphens and must not start with a hyphen");
        }
        if (nameTaken) {
            v.error("name", "unique", "a connector named '" + name + "' already exists on this instance");
        }
    }

    private static void checkSource(Violations v, SourceSettings source, String name) {
        if (v.required("source.topic", source.topic())) {
            checkTopicName(v, "source.topic", source.topic());
        }
        if (!SourceSettings.CONCURRENCIES.contains(source.concurrency())) {
            v.error("source.concurrency", "allowed", "concurrency must be one of 1, 2, 3, 6 or 12, got " + source.concurrency());
        }
        if (name != null && !SourceSettings.groupFor(name).equals(source.consumerGroup())) {
            v.error("source.consumerGroup", "pattern", "the consumer group must be " + SourceSettings.groupFor(name));
        }
        Map<String, String> fieldByTopic = new LinkedHashMap<>();
        if (source.topic() != null) {
            fieldByTopic.put(source.topic(), "source.topic");
        }
        for (InternalTopic topic : InternalTopic.values()) {
            String topicName = topic.nameIn(source);
            if (!v.required(topic.field(), topicName) || !checkTopicName(v, topic.field(), topicName)) {
                continue;
            }
            String other = fieldByTopic.putIfAbsent(topicName, topic.field());
            boolean sharedErrorTopic = topic == InternalTopic.ERROR && InternalTopic.DEAD_LETTER.field().equals(other);
            if (other != null && !sharedErrorTopic) {
                v.error(topic.field(), "distinct", topic.field() + " must not be the same topic as " + other
                        + " (only the dead-letter and error topics may share a topic)");
            }
        }
    }

    private static boolean checkTopicName(Violations v, String field, String topic) {
        if (!TOPIC.matcher(topic).matches() || topic.equals(".") || topic.equals("..")) {
            v.error(field, "name", "'" + topic + "' is not a valid Kafka topic name (1-249 of a-z A-Z 0-9 . _ -)");
            return false;
        }
        return true;
    }

    private void checkBroker(Violations v, SourceSettings source, KafkaConnection connection) {
        Set<String> names = new HashSet<>(KafkaResources.internalTopicNames(source));
        names.add(source.topic());
        Map<String, TopicState> topics = resources.describe(connection, names);
        if (!topics.containsKey(source.topic())) {
            v.error("source.topic", "exists", "topic '" + source.topic() + "' does not exist on the instance");
        }
        for (InternalTopic topic : InternalTopic.values()) {
            String name = topic.nameIn(source);
            TopicState state = topics.get(name);
            if (state == null) {
                if (source.resourceCreation() == ResourceCreation.MANUAL) {
                    v.error(topic.field(), "exists", "topic '" + name + "' does not exist; with resourceCreation MANUAL "
                            + "create it first (or choose AUTO)");
                }
                continue;
            }
            if (topic.compacted() && !state.compacted()) {
                v.error(topic.field(), "cleanupPolicy", "topic '" + name + "' must have cleanup.policy=compact, it has "
                        + state.cleanupPolicy());
            }
            switch (topic) {
                case OFFSET -> {
                    if (state.partitions() < 2) {
                        v.error(topic.field(), "partitions", "offset topic '" + name + "' must have more than 1 partition, it has "
                                + state.partitions());
                    }
                }
                case CONFIG -> {
                    if (state.partitions() != 1) {
                        v.error(topic.field(), "partitions", "config topic '" + name + "' must have exactly 1 partition, it has "
                                + state.partitions());
                    }
                }
                case STATUS -> {
                    if (state.partitions() != InternalTopic.STATUS.partitions()) {
                        v.warning(topic.field(), "partitions", "status topic '" + name + "' has " + state.partitions()
                                + " partitions; 6 are recommended");
                    }
                }
                default -> {
                    // dead-letter and error topics accept any partition count and cleanup policy
                }
            }
        }
    }

    private static void checkMaxCompute(Violations v, MaxComputeDestination d) {
        if (v.required("destination.endpoint", d.endpoint())) {
            checkUrl(v, "destination.endpoint", d.endpoint());
        }
        if (d.tunnelEndpoint() != null && !d.tunnelEndpoint().isBlank()) {
            checkUrl(v, "destination.tunnelEndpoint", d.tunnelEndpoint());
        }
        if (v.required("destination.project", d.project()) && !MAXCOMPUTE_PROJECT.matcher(d.project()).matches()) {
            v.error("destination.project", "pattern", "project must be 3-28 letters, digits or underscores starting with a letter");
        }
        if (d.schema() != null && !MAXCOMPUTE_IDENTIFIER.matcher(d.schema()).matches()) {
            v.error("destination.schema", "pattern", "schema must be letters, digits or underscores (at most 128)");
        }
        if (v.required("destination.table", d.table()) && !MAXCOMPUTE_IDENTIFIER.matcher(d.table()).matches()) {
            v.error("destination.table", "pattern", "table must be letters, digits or underscores (at most 128), not starting with a digit");
        }
        if (d.region() != null && !REGION.matcher(d.region()).matches()) {
            v.error("destination.region", "pattern", "region must be a region id such as cn-hangzhou");
        }
        checkAuth(v, d.auth());
        if (d.auth() instanceof DestinationAuth.RamRole && (d.region() == null || d.region().isBlank())) {
            v.error("destination.region", "required", "region is required with RAM_ROLE auth (the STS token is issued per region)");
        }
        try {
            ZoneId.of(d.timeZone());
        } catch (DateTimeException e) {
            v.error("destination.timeZone", "invalid", "'" + d.timeZone() + "' is not a time zone (e.g. GMT+08:00 or Asia/Shanghai)");
        }
        checkPositive(v, "destination.bufferSizeKb", d.bufferSizeKb());
        checkPositive(v, "destination.sinkPoolSize", d.sinkPoolSize());
        checkPositive(v, "destination.recordBatchSize", d.recordBatchSize());
    }

    private static void checkTablestore(Violations v, TablestoreDestination d) {
        if (v.required("destination.endpoint", d.endpoint())) {
            checkUrl(v, "destination.endpoint", d.endpoint());
        }
        if (v.required("destination.instanceName", d.instanceName()) && !TABLESTORE_INSTANCE.matcher(d.instanceName()).matches()) {
            v.error("destination.instanceName", "pattern",
                    "instanceName must be 3-16 letters, digits or hyphens, start with a letter and not end with a hyphen");
        }
        if (v.required("destination.tableName", d.tableName()) && !TABLESTORE_TABLE.matcher(d.tableName()).matches()) {
            v.error("destination.tableName", "pattern",
                    "tableName must be 1-255 letters, digits or underscores, not starting with a digit");
        }
        checkAuth(v, d.auth());
        switch (d.model()) {
            case WIDE_COLUMN -> checkWideColumn(v, d);
            case TIMESERIES -> checkTimeseries(v, d);
        }
    }

    private static void checkWideColumn(Violations v, TablestoreDestination d) {
        List<PrimaryKeyColumn> columns = d.primaryKeyColumns();
        PrimaryKeyMode mode = d.primaryKeyMode();
        if (mode == PrimaryKeyMode.KAFKA) {
            if (!columns.isEmpty()) {
                v.error("destination.primaryKeyColumns", "primaryKeyMode",
                        "primaryKeyColumns apply only with primaryKeyMode RECORD_KEY or RECORD_VALUE");
            }
        } else {
            if (mode == PrimaryKeyMode.RECORD_KEY && d.keyFormat() != MessageFormat.JSON) {
                v.error("destination.keyFormat", "primaryKeyMode", "primaryKeyMode RECORD_KEY needs keyFormat JSON");
            }
            if (mode == PrimaryKeyMode.RECORD_VALUE && d.valueFormat() != MessageFormat.JSON) {
                v.error("destination.valueFormat", "primaryKeyMode", "primaryKeyMode RECORD_VALUE needs valueFormat JSON");
            }
            if (columns.isEmpty()) {
                v.error("destination.primaryKeyColumns", "required", "primaryKeyMode " + mode + " needs 1 to "
                        + TablestoreSinkSpec.MAX_PRIMARY_KEY_COLUMNS + " primaryKeyColumns");
            } else if (columns.size() > TablestoreSinkSpec.MAX_PRIMARY_KEY_COLUMNS) {
                v.error("destination.primaryKeyColumns", "size", "at most " + TablestoreSinkSpec.MAX_PRIMARY_KEY_COLUMNS
                        + " primaryKeyColumns are allowed, got " + columns.size());
            }
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < columns.size(); i++) {
            String field = "destination.primaryKeyColumns[" + i + "]";
            PrimaryKeyColumn column = columns.get(i);
            if (column == null) {
                v.error(field, "required", field + " must be an object with name and type");
                continue;
            }
            if (v.required(field + ".name", column.name()) && !seen.add(column.name())) {
                v.error(field + ".name", "unique", "primary key column '" + column.name() + "' is listed twice");
            }
            v.required(field + ".type", column.type());
        }
        if (d.timeseries() != null) {
            v.error("destination.timeseries", "model", "timeseries settings apply only with model TIMESERIES");
        }
    }

    private static void checkTimeseries(Violations v, TablestoreDestination d) {
        if (!d.primaryKeyColumns().isEmpty()) {
            v.error("destination.primaryKeyColumns", "model", "primaryKeyColumns apply only with model WIDE_COLUMN");
        }
        if (d.valueFormat() != MessageFormat.JSON) {
            v.error("destination.valueFormat", "model", "model TIMESERIES reads its fields from a JSON value: valueFormat must be JSON");
        }
        TablestoreDestination.Timeseries ts = d.timeseries();
        if (!v.required("destination.timeseries", ts)) {
            return;
        }
        v.required("destination.timeseries.metricNameField", ts.metricNameField());
        v.required("destination.timeseries.timestampField", ts.timestampField());
        for (int i = 0; i < ts.tagFields().size(); i++) {
            String tag = ts.tagFields().get(i);
            if (tag == null || tag.isBlank()) {
                v.error("destination.timeseries.tagFields[" + i + "]", "required", "tag field names must not be empty");
            }
        }
        if (!ts.mapAllFields() && ts.fieldTypes().isEmpty()) {
            v.error("destination.timeseries.fieldTypes", "required",
                    "with mapAllFields false, fieldTypes must name at least one field and its type");
        }
        ts.fieldTypes().forEach((field, type) -> {
            if (type == null) {
                v.error("destination.timeseries.fieldTypes." + field, "required", "field '" + field + "' needs a type");
            }
        });
    }

    /**
     * The Connect config the definition maps to, checked with the sink's own ConfigDef and rules between keys: what the
     * sink would refuse at start is refused here, on the field it came from. A field that already has an error keeps
     * that one; a problem with the service's own settings (e.g. no AccessKey to assume a role with) is a warning, the
     * deploy refuses it.
     */
    private void checkSinkConfig(Violations v, ConnectorDefinition definition, KafkaConnection connection) {
        for (ConfigProblemAt problem : ConnectConfigMapper.map(definition, connection == null ? NO_CONNECTION : connection, 1,
                service).problems()) {
            if (problem.fromService()) {
                v.warning(problem.field(), problem.rule(), problem.message());
            } else if (!v.hasErrorOn(problem.field())) {
                v.error(problem.field(), problem.rule(), problem.message());
            }
        }
    }

    private static void checkAuth(Violations v, DestinationAuth auth) {
        if (!v.required("destination.auth", auth)) {
            return;
        }
        if (auth instanceof DestinationAuth.AccessKey key) {
            if (v.required("destination.auth.accessKeyId", key.accessKeyId())) {
                checkLength(v, "destination.auth.accessKeyId", key.accessKeyId(), MAX_ACCESS_KEY_LENGTH, "an AccessKey id");
            }
            if (SecretCipher.isMaskOrAbsent(key.accessKeySecret()) || key.accessKeySecret().isBlank()) {
                v.error("destination.auth.accessKeySecret", "required", "destination.auth.accessKeySecret is required");
            } else {
                checkLength(v, "destination.auth.accessKeySecret", key.accessKeySecret(), MAX_ACCESS_KEY_LENGTH,
                        "an AccessKey secret");
            }
        } else if (auth instanceof DestinationAuth.RamRole role) {
            if (v.required("destination.auth.accountId", role.accountId()) && !ACCOUNT_ID.matcher(role.accountId()).matches()) {
                v.error("destination.auth.accountId", "pattern", "accountId must be the numeric Alibaba Cloud account id");
            }
            if (v.required("destination.auth.roleName", role.roleName())) {
                checkLength(v, "destination.auth.roleName", role.roleName(), MAX_ROLE_NAME_LENGTH, "a RAM role name");
            }
            if (role.stsEndpoint() != null && !role.stsEndpoint().isBlank()) {
                checkUrl(v, "destination.auth.stsEndpoint", role.stsEndpoint());
            }
            if (role.clientTimeoutMs() != null && role.clientTimeoutMs() <= 0) {
                v.error("destination.auth.clientTimeoutMs", "range", "clientTimeoutMs must be positive");
            }
        }
    }

    /** Real AccessKey ids and secrets are a few dozen characters; anything far longer is a paste gone wrong. */
    private static void checkLength(Violations v, String field, String value, int max, String what) {
        if (value.length() > max) {
            v.error(field, "length", field + " is " + value.length() + " characters, longer than " + what
                    + " can be (at most " + max + ")");
        }
    }

    private static void checkUrl(Violations v, String field, String value) {
        if (value.length() > MAX_URL_LENGTH) {
            v.error(field, "length", field + " must be at most " + MAX_URL_LENGTH + " characters");
            return;
        }
        try {
            URI uri = new URI(value);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                v.error(field, "url", field + " must be an http:// or https:// URL, got '" + value + "'");
            }
        } catch (URISyntaxException e) {
            v.error(field, "url", field + " must be an http:// or https:// URL, got '" + value + "'");
        }
    }

    private static void checkPositive(Violations v, String field, Integer value) {
        if (value != null && value <= 0) {
            v.error(field, "range", field + " must be a positive number, got " + value);
        }
    }
}
