package com.connectorservice.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.databind.JsonNode;

/** The validator through {@code connectors:validate}: each invalid definition is named by field and rule. */
class ConnectorValidationTest extends ControlPlaneTestBase {

    private static String instanceId;
    private static String sourceTopic;

    @BeforeEach
    void instanceWithSourceTopic() {
        if (instanceId == null) {
            instanceId = createInstance();
            sourceTopic = unique("validation-input");
            createTopic(sourceTopic, 3);
        }
    }

    static Stream<Arguments> invalidDefinitions() {
        return Stream.of(
                invalid("name missing", d -> d.remove("name"), "name", "name.required"),
                invalid("name with capitals", d -> d.put("name", "MySink"), "name", "name.pattern"),
                invalid("name starting with a hyphen", d -> d.put("name", "-sink"), "name", "name.pattern"),
                invalid("name of 49 characters", d -> d.put("name", "a".repeat(49)), "name", "name.length"),
                invalid("description too long", d -> d.put("description", "x".repeat(1025)), "description", "description.length"),
                invalid("source topic missing", d -> set(d, "source.topic", null), "source.topic", "source.topic.required"),
                invalid("source topic absent on the broker", d -> set(d, "source.topic", "no-such-topic-anywhere"),
                        "source.topic", "source.topic.exists"),
                invalid("source topic with a space", d -> set(d, "source.topic", "bad topic"), "source.topic", "source.topic.name"),
                invalid("concurrency 5", d -> set(d, "source.concurrency", 5), "source.concurrency", "source.concurrency.allowed"),
                invalid("foreign consumer group", d -> set(d, "source.consumerGroup", "my-group"),
                        "source.consumerGroup", "source.consumerGroup.pattern"),
                invalid("offset reset not an option", d -> set(d, "source.offsetReset", "MIDDLE"),
                        "source.offsetReset", "source.offsetReset.invalid"),
                invalid("config topic equal to offset topic", d -> {
                    set(d, "source.offsetTopic", "shared-internal");
                    set(d, "source.configTopic", "shared-internal");
                }, "source.configTopic", "source.configTopic.distinct"),
                invalid("status topic equal to the source topic", d -> set(d, "source.statusTopic", source(d)),
                        "source.statusTopic", "source.statusTopic.distinct"),
                invalid("offset topic name invalid", d -> set(d, "source.offsetTopic", "offsets/x"),
                        "source.offsetTopic", "source.offsetTopic.name"),
                invalid("MANUAL with missing topics", d -> set(d, "source.resourceCreation", "MANUAL"),
                        "source.offsetTopic", "source.offsetTopic.exists"),
                invalid("destination missing", d -> d.remove("destination"), "destination", "destination.required"),
                invalid("destination type unknown", d -> set(d, "destination.type", "KAFKA"), "destination.type", "destination.type.invalid"),
                invalid("MaxCompute endpoint missing", d -> set(d, "destination.endpoint", null),
                        "destination.endpoint", "destination.endpoint.required"),
                invalid("MaxCompute endpoint not a URL", d -> set(d, "destination.endpoint", "service.maxcompute"),
                        "destination.endpoint", "destination.endpoint.url"),
                invalid("tunnel endpoint not http", d -> set(d, "destination.tunnelEndpoint", "ftp://dt.example.com"),
                        "destination.tunnelEndpoint", "destination.tunnelEndpoint.url"),
                invalid("project starting with a digit", d -> set(d, "destination.project", "1project"),
                        "destination.project", "destination.project.pattern"),
                invalid("table missing", d -> set(d, "destination.table", null), "destination.table", "destination.table.required"),
                invalid("change-data table template with a hyphen", d -> {
                    set(d, "destination.format", "DEBEZIUM_JSON");
                    set(d, "destination.table", "ods-{table}");
                }, "destination.table", "destination.table.pattern"),
                invalid("DEFAULT mode with CSV", d -> set(d, "destination.format", "CSV"), "destination.format", "destination.format.mode"),
                invalid("DEFAULT mode with FLATTEN", d -> {
                    set(d, "destination.mode", "DEFAULT");
                    set(d, "destination.format", "FLATTEN");
                }, "destination.format", "destination.format.mode"),
                invalid("partition window WEEK", d -> set(d, "destination.partitionWindow", "WEEK"),
                        "destination.partitionWindow", "destination.partitionWindow.invalid"),
                invalid("unknown time zone", d -> set(d, "destination.timeZone", "Mars/Olympus"),
                        "destination.timeZone", "destination.timeZone.invalid"),
                invalid("buffer size zero", d -> set(d, "destination.bufferSizeKb", 0), "destination.bufferSizeKb",
                        "destination.bufferSizeKb.range"),
                invalid("negative record batch size", d -> set(d, "destination.recordBatchSize", -1),
                        "destination.recordBatchSize", "destination.recordBatchSize.range"),
                invalid("auth missing", d -> set(d, "destination.auth", null), "destination.auth", "destination.auth.required"),
                invalid("AccessKey without secret", d -> set(d, "destination.auth.accessKeySecret", null),
                        "destination.auth.accessKeySecret", "destination.auth.accessKeySecret.required"),
                invalid("AccessKey without id", d -> set(d, "destination.auth.accessKeyId", null),
                        "destination.auth.accessKeyId", "destination.auth.accessKeyId.required"),
                invalid("RAM role without role name", d -> set(d, "destination.auth",
                        new LinkedHashMap<>(Map.of("type", "RAM_ROLE", "accountId", "188123"))),
                        "destination.auth.roleName", "destination.auth.roleName.required"),
                invalid("RAM role with a non-numeric account", d -> set(d, "destination.auth",
                        new LinkedHashMap<>(Map.of("type", "RAM_ROLE", "accountId", "acme", "roleName", "AliyunKafkaMaxComputeUser1"))),
                        "destination.auth.accountId", "destination.auth.accountId.pattern"),
                invalid("RAM role without region", d -> {
                    set(d, "destination.auth", new LinkedHashMap<>(Map.of("type", "RAM_ROLE", "accountId", "188123",
                            "roleName", "AliyunKafkaMaxComputeUser1")));
                    set(d, "destination.region", null);
                }, "destination.region", "destination.region.required"),
                invalid("Tablestore instance name missing", d -> tablestore(d, t -> t.remove("instanceName")),
                        "destination.instanceName", "destination.instanceName.required"),
                invalid("Tablestore table name starting with a digit", d -> tablestore(d, t -> t.put("tableName", "1table")),
                        "destination.tableName", "destination.tableName.pattern"),
                invalid("record_key primary key with a STRING key format", d -> tablestore(d, t -> {
                    t.put("primaryKeyMode", "RECORD_KEY");
                    t.put("keyFormat", "STRING");
                    t.put("primaryKeyColumns", List.of(Map.of("name", "id", "type", "STRING")));
                }), "destination.keyFormat", "destination.keyFormat.primaryKeyMode"),
                invalid("record_value primary key without columns", d -> tablestore(d, t -> t.put("primaryKeyMode", "RECORD_VALUE")),
                        "destination.primaryKeyColumns", "destination.primaryKeyColumns.required"),
                invalid("five primary key columns", d -> tablestore(d, t -> {
                    t.put("primaryKeyMode", "RECORD_VALUE");
                    t.put("primaryKeyColumns", List.of(col("a"), col("b"), col("c"), col("d"), col("e")));
                }), "destination.primaryKeyColumns", "destination.primaryKeyColumns.size"),
                invalid("primary key column without type", d -> tablestore(d, t -> {
                    t.put("primaryKeyMode", "RECORD_VALUE");
                    t.put("primaryKeyColumns", List.of(col("a"), Map.of("name", "b")));
                }), "destination.primaryKeyColumns[1].type", "destination.primaryKeyColumns.type.required"),
                invalid("primary key column of type FLOAT", d -> tablestore(d, t -> {
                    t.put("primaryKeyMode", "RECORD_VALUE");
                    t.put("primaryKeyColumns", List.of(Map.of("name", "a", "type", "FLOAT")));
                }), "destination.primaryKeyColumns[0].type", "destination.primaryKeyColumns.type.invalid"),
                invalid("primary key column listed twice", d -> tablestore(d, t -> {
                    t.put("primaryKeyMode", "RECORD_VALUE");
                    t.put("primaryKeyColumns", List.of(col("a"), col("a")));
                }), "destination.primaryKeyColumns[1].name", "destination.primaryKeyColumns.name.unique"),
                invalid("primary key column Tablestore cannot name", d -> tablestore(d, t -> {
                    t.put("primaryKeyMode", "RECORD_VALUE");
                    t.put("primaryKeyColumns", List.of(col("order_id"), col("order-id")));
                }), "destination.primaryKeyColumns[1].name", "destination.primaryKeyColumns.name.pattern"),
                invalid("primary key columns with kafka mode", d -> tablestore(d, t -> t.put("primaryKeyColumns", List.of(col("a")))),
                        "destination.primaryKeyColumns", "destination.primaryKeyColumns.primaryKeyMode"),
                invalid("row deletes without record_key mode", d -> tablestore(d, t -> {
                    t.put("primaryKeyMode", "RECORD_VALUE");
                    t.put("primaryKeyColumns", List.of(col("a")));
                    t.put("deleteMode", "ROW");
                }), "destination.deleteMode", "destination.deleteMode.primaryKeyMode"),
                invalid("time series model without its settings", d -> tablestore(d, t -> t.put("model", "TIMESERIES")),
                        "destination.timeseries", "destination.timeseries.required"),
                invalid("time series without metric name field", d -> tablestore(d, t -> {
                    t.put("model", "TIMESERIES");
                    t.put("timeseries", Map.of("timestampField", "time"));
                }), "destination.timeseries.metricNameField", "destination.timeseries.metricNameField.required"),
                invalid("time series without timestamp field", d -> tablestore(d, t -> {
                    t.put("model", "TIMESERIES");
                    t.put("timeseries", Map.of("metricNameField", "measurement"));
                }), "destination.timeseries.timestampField", "destination.timeseries.timestampField.required"),
                invalid("time series mapping no fields", d -> tablestore(d, t -> {
                    t.put("model", "TIMESERIES");
                    t.put("timeseries", Map.of("metricNameField", "m", "timestampField", "time", "mapAllFields", false));
                }), "destination.timeseries.fieldTypes", "destination.timeseries.fieldTypes.required"),
                invalid("time series settings on a wide column table", d -> tablestore(d, t ->
                        t.put("timeseries", Map.of("metricNameField", "m", "timestampField", "time"))),
                        "destination.timeseries", "destination.timeseries.model"),
                invalid("time series with a STRING value format", d -> tablestore(d, t -> {
                    t.put("model", "TIMESERIES");
                    t.put("valueFormat", "STRING");
                    t.put("timeseries", Map.of("metricNameField", "m", "timestampField", "time"));
                }), "destination.valueFormat", "destination.valueFormat.model"),
                invalid("time series data field Tablestore cannot name", d -> tablestore(d, t -> {
                    t.put("model", "TIMESERIES");
                    t.put("timeseries", Map.of("metricNameField", "m", "timestampField", "time",
                            "fieldTypes", Map.of("cpu-load", "DOUBLE")));
                }), "destination.timeseries.fieldTypes.cpu-load", "destination.timeseries.fieldTypes.cpu-load.pattern"),
                invalid("time series tag with an equals sign", d -> tablestore(d, t -> {
                    t.put("model", "TIMESERIES");
                    t.put("timeseries", Map.of("metricNameField", "m", "timestampField", "time",
                            "tagFields", List.of("host", "zone=a")));
                }), "destination.timeseries.tagFields[1]", "destination.timeseries.tagFields.pattern"),
                invalid("time series table name over 128 characters", d -> tablestore(d, t -> {
                    t.put("model", "TIMESERIES");
                    t.put("tableName", "t".repeat(129));
                    t.put("timeseries", Map.of("metricNameField", "m", "timestampField", "time"));
                }), "destination.tableName", "destination.tableName.length"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDefinitions")
    void rejectsTheDefinitionNamingFieldAndRule(String description, Consumer<Map<String, Object>> breakIt, String field, String rule) {
        Map<String, Object> definition = definition(unique("sink"), sourceTopic);
        breakIt.accept(definition);

        Api.Response response = api.post(connectorsPath(instanceId) + ":validate", definition);

        assertThat(response.hasError(field, rule)).as("%s -> %s", description, response.raw()).isTrue();
        if (response.status() == 200) {
            assertThat(response.body().path("valid").asBoolean()).isFalse();
        } else {
            assertThat(response.status()).isEqualTo(400);
            assertThat(response.contentType()).startsWith("application/problem+json");
        }
    }

    @Test
    void coversAtLeastTwentyFiveDistinctRules() {
        assertThat(invalidDefinitions().map(a -> a.get()[3]).distinct().count()).isGreaterThanOrEqualTo(25);
    }

    @Test
    void returnsEveryViolationAtOnceAndTheCreateEndpointRefusesTheSame() {
        Map<String, Object> definition = definition("Bad-Name", sourceTopic);
        set(definition, "source.concurrency", 7);
        set(definition, "destination.endpoint", "nope");
        set(definition, "destination.format", "CSV");

        Api.Response validation = api.post(connectorsPath(instanceId) + ":validate", definition);
        Api.Response create = api.post(connectorsPath(instanceId), definition);

        for (Api.Response response : List.of(validation, create)) {
            assertThat(response.hasError("name", "name.pattern")).as(response.raw()).isTrue();
            assertThat(response.hasError("source.concurrency", "source.concurrency.allowed")).isTrue();
            assertThat(response.hasError("destination.endpoint", "destination.endpoint.url")).isTrue();
            assertThat(response.hasError("destination.format", "destination.format.mode")).isTrue();
        }
        assertThat(create.status()).isEqualTo(400);
        assertThat(create.contentType()).startsWith("application/problem+json");
    }

    @Test
    void aValidDefinitionComesBackWithDefaultsAndNothingIsSaved() {
        String name = unique("sink");
        Map<String, Object> definition = definition(name, sourceTopic);
        set(definition, "destination.timeZone", "GMT 08:00");
        Api.Response response = api.post(connectorsPath(instanceId) + ":validate", definition);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("valid").asBoolean()).as(response.raw()).isTrue();
        JsonNode source = response.body().path("definition").path("source");
        assertThat(source.path("consumerGroup").asString()).isEqualTo("connect-" + name);
        assertThat(source.path("offsetTopic").asString()).isEqualTo("connect-offset-" + name);
        assertThat(source.path("configTopic").asString()).isEqualTo("connect-config-" + name);
        assertThat(source.path("statusTopic").asString()).isEqualTo("connect-status-" + name);
        assertThat(source.path("deadLetterTopic").asString()).isEqualTo("connect-error-" + name);
        assertThat(source.path("errorTopic").asString()).isEqualTo("connect-error-" + name);
        assertThat(source.path("concurrency").asInt()).isEqualTo(6);
        assertThat(response.body().path("definition").path("destination").path("timeZone").asString()).isEqualTo("GMT+08:00");
        assertThat(response.body().path("definition").path("destination").path("auth").path("accessKeySecret").asString())
                .isEqualTo("******");
        assertThat(api.get(connectorsPath(instanceId) + "/" + name).status()).isEqualTo(404);
        assertThat(kafka().topicNames()).doesNotContain("connect-offset-" + name);
    }

    /** Issue 16: change data routed per source table, as the wizard and the REST API write it. */
    @Test
    void aChangeDataTableTemplateIsValid() {
        Map<String, Object> definition = definition(unique("cdc"), sourceTopic);
        set(definition, "destination.mode", "VALUE");
        set(definition, "destination.format", "DEBEZIUM_JSON");
        set(definition, "destination.table", "ods_{db}_{table}");
        Api.Response response = api.post(connectorsPath(instanceId) + ":validate", definition);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body().path("valid").asBoolean()).as(response.raw()).isTrue();
        assertThat(response.body().path("definition").path("destination").path("table").asString()).isEqualTo("ods_{db}_{table}");
    }

    @Test
    void aSecondConnectorWithTheSameNameIsAConflict() {
        String name = unique("sink");
        assertThat(api.post(connectorsPath(instanceId), definition(name, sourceTopic)).status()).isEqualTo(201);

        Api.Response validation = api.post(connectorsPath(instanceId) + ":validate", definition(name, sourceTopic));
        Api.Response duplicate = api.post(connectorsPath(instanceId), definition(name, sourceTopic));

        assertThat(validation.hasError("name", "name.unique")).isTrue();
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.hasError("name", "name.unique")).isTrue();
    }

    private static Arguments invalid(String description, Consumer<Map<String, Object>> breakIt, String field, String rule) {
        return Arguments.of(description, breakIt, field, rule);
    }

    private static Map<String, Object> col(String name) {
        return Map.of("name", name, "type", "STRING");
    }

    private static String source(Map<String, Object> definition) {
        return (String) ((Map<?, ?>) definition.get("source")).get("topic");
    }

    /** Replaces the destination with a valid Tablestore one, then applies {@code change} to it. */
    @SuppressWarnings("unchecked")
    private static void tablestore(Map<String, Object> definition, Consumer<Map<String, Object>> change) {
        Map<String, Object> destination = new LinkedHashMap<>();
        destination.put("type", "TABLESTORE");
        destination.put("endpoint", "https://k00eny67.cn-hangzhou.ots.aliyuncs.com");
        destination.put("instanceName", "k00eny67");
        destination.put("tableName", "kafka_table");
        destination.put("auth", ((Map<String, Object>) definition.get("destination")).get("auth"));
        change.accept(destination);
        definition.put("destination", destination);
    }

    /** Sets (or with {@code null} removes) a dotted path inside a definition map. */
    @SuppressWarnings("unchecked")
    static void set(Map<String, Object> definition, String path, Object value) {
        String[] parts = path.split("\\.");
        Map<String, Object> node = definition;
        for (int i = 0; i < parts.length - 1; i++) {
            node = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new LinkedHashMap<>());
        }
        if (value == null) {
            node.remove(parts[parts.length - 1]);
        } else {
            node.put(parts[parts.length - 1], value);
        }
    }

    static List<String> rules(Api.Response response) {
        List<String> rules = new ArrayList<>();
        response.errors().forEach(e -> rules.add(e.path("rule").asString()));
        return rules;
    }
}
