package com.connectorservice.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/** Connector CRUD, list filters, secret masking and keeping, and what ends up in the database row. */
class ConnectorApiTest extends ControlPlaneTestBase {

    private static final String SECRET = "S3cretValueThatMustNeverLeak";

    private static String instanceId;
    private static String sourceTopic;

    @BeforeEach
    void instance() {
        if (instanceId == null) {
            instanceId = createInstance();
            sourceTopic = unique("api-input");
            createTopic(sourceTopic, 2);
        }
    }

    @Test
    void storesTheAccessKeySecretEncryptedAndNeverAnswersIt() {
        String name = unique("secret");

        Api.Response created = api.post(connectorsPath(instanceId), definition(name, sourceTopic));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.raw()).doesNotContain(SECRET);
        assertThat(created.body().path("destination").path("auth").path("accessKeySecret").asString()).isEqualTo("******");
        assertThat(api.get(connectorsPath(instanceId) + "/" + name).raw()).doesNotContain(SECRET).contains("LTAI5tExampleId");
        assertThat(api.get(connectorsPath(instanceId)).raw()).doesNotContain(SECRET);
        String row = queryString("select definition::text from connector where instance_id = ? and name = ?", instanceId, name);
        assertThat(row).contains("LTAI5tExampleId").contains("enc:v1:").doesNotContain(SECRET);
        assertThat(queryString("select string_agg(details::text, ' ') from audit_event")).doesNotContain(SECRET);
    }

    @Test
    void anUpdateThatOmitsTheSecretKeepsTheStoredOne() {
        String name = unique("keep");
        assertThat(api.post(connectorsPath(instanceId), definition(name, sourceTopic)).status()).isEqualTo(201);
        String storedBefore = queryString("select definition->'destination'->'auth'->>'accessKeySecret' from connector where name = ?", name);
        Map<String, Object> update = definition(name, sourceTopic);
        ConnectorValidationTest.set(update, "destination.auth.accessKeySecret", null);
        ConnectorValidationTest.set(update, "destination.table", "other_table");
        ConnectorValidationTest.set(update, "description", "changed");

        Api.Response updated = api.put(connectorsPath(instanceId) + "/" + name, update);

        assertThat(updated.status()).as(updated.raw()).isEqualTo(200);
        assertThat(updated.body().path("destination").path("table").asString()).isEqualTo("other_table");
        assertThat(updated.body().path("description").asString()).isEqualTo("changed");
        assertThat(updated.body().path("destination").path("auth").path("accessKeySecret").asString()).isEqualTo("******");
        String storedAfter = queryString("select definition->'destination'->'auth'->>'accessKeySecret' from connector where name = ?", name);
        assertThat(storedAfter).startsWith("enc:v1:").isEqualTo(storedBefore);
    }

    /** Issue 18: two editors never overwrite each other silently. */
    @Test
    void aStaleIfMatchIsRefusedAndAFreshOneSaves() {
        String name = unique("etag");
        assertThat(api.post(connectorsPath(instanceId), definition(name, sourceTopic)).status()).isEqualTo(201);
        String path = connectorsPath(instanceId) + "/" + name;
        String read = api.get(path).header("ETag");
        assertThat(read).matches("\"\\d+\"");
        Map<String, Object> first = definition(name, sourceTopic);
        ConnectorValidationTest.set(first, "description", "first editor");
        Map<String, Object> second = definition(name, sourceTopic);
        ConnectorValidationTest.set(second, "description", "second editor");

        Api.Response saved = api.send("PUT", path, first, Map.of("If-Match", read));
        Api.Response stale = api.send("PUT", path, second, Map.of("If-Match", read));

        assertThat(saved.status()).as(saved.raw()).isEqualTo(200);
        assertThat(saved.header("ETag")).isNotEqualTo(read).isEqualTo(api.get(path).header("ETag"));
        assertThat(stale.status()).as(stale.raw()).isEqualTo(412);
        assertThat(stale.contentType()).startsWith("application/problem+json");
        assertThat(stale.hasError("If-Match", "connector.changedSinceRead")).isTrue();
        assertThat(stale.body().path("detail").asString()).contains("changed by someone else");
        assertThat(api.get(path).body().path("description").asString()).isEqualTo("first editor");
        Api.Response weak = api.send("PUT", path, second, Map.of("If-Match", "W/" + saved.header("ETag")));
        assertThat(weak.status()).as("a weak tag never matches If-Match").isEqualTo(412);
        Api.Response retried = api.send("PUT", path, second, Map.of("If-Match", saved.header("ETag")));
        assertThat(retried.status()).as(retried.raw()).isEqualTo(200);
        assertThat(api.put(path, first).status()).as("no If-Match: replaced as before").isEqualTo(200);
    }

    @Test
    void anUpdateWithANewAccessKeyIdMustBringItsSecret() {
        String name = unique("rotate");
        assertThat(api.post(connectorsPath(instanceId), definition(name, sourceTopic)).status()).isEqualTo(201);
        Map<String, Object> update = definition(name, sourceTopic);
        ConnectorValidationTest.set(update, "destination.auth.accessKeyId", "LTAI5tOtherId");
        ConnectorValidationTest.set(update, "destination.auth.accessKeySecret", "******");

        Api.Response refused = api.put(connectorsPath(instanceId) + "/" + name, update);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.hasError("destination.auth.accessKeySecret", "destination.auth.accessKeySecret.required")).isTrue();
    }

    /** Issue 12: a stored secret never follows the definition to another service. */
    @Test
    void anUpdateThatMovesTheDestinationMustBringTheSecretAgain() {
        String name = unique("moved");
        assertThat(api.post(connectorsPath(instanceId), definition(name, sourceTopic)).status()).isEqualTo(201);
        Map<String, Object> update = definition(name, sourceTopic);
        ConnectorValidationTest.set(update, "destination.endpoint", "http://collector.example.net/api");
        ConnectorValidationTest.set(update, "destination.auth.accessKeySecret", "******");

        Api.Response refused = api.put(connectorsPath(instanceId) + "/" + name, update);

        assertThat(refused.status()).as(refused.raw()).isEqualTo(400);
        assertThat(refused.hasError("destination.auth.accessKeySecret", "destination.auth.accessKeySecret.required")).isTrue();
        ConnectorValidationTest.set(update, "destination.auth.accessKeySecret", "the-secret-for-that-service");
        assertThat(api.put(connectorsPath(instanceId) + "/" + name, update).status()).isEqualTo(200);
    }

    @Test
    void anUpdateCannotRenameAndAnUnknownConnectorIsNotFound() {
        String name = unique("fixed");
        assertThat(api.post(connectorsPath(instanceId), definition(name, sourceTopic)).status()).isEqualTo(201);

        Api.Response renamed = api.put(connectorsPath(instanceId) + "/" + name, definition(unique("other"), sourceTopic));
        assertThat(renamed.status()).isEqualTo(400);
        assertThat(renamed.hasError("name", "name.immutable")).isTrue();

        Api.Response missing = api.get(connectorsPath(instanceId) + "/no-such-connector");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.contentType()).startsWith("application/problem+json");
        assertThat(missing.hasError("name", "connector.notFound")).isTrue();
        assertThat(api.put(connectorsPath(instanceId) + "/no-such-connector", definition("no-such-connector", sourceTopic))
                .status()).isEqualTo(404);
    }

    @Test
    void listsWithNameSearchStatusFilterAndPaging() {
        String listInstance = createInstance();
        String marker = unique("flt");
        for (int i = 0; i < 5; i++) {
            assertThat(api.post(connectorsPath(listInstance), definition(marker + "-n" + i, sourceTopic)).status()).isEqualTo(201);
        }
        api.post(connectorsPath(listInstance), definition(unique("unrelated"), sourceTopic));

        JsonNode firstPage = api.get(connectorsPath(listInstance) + "?q=" + marker.toUpperCase() + "&size=2&page=0").body();
        assertThat(firstPage.path("totalItems").asLong()).isEqualTo(5);
        assertThat(firstPage.path("totalPages").asInt()).isEqualTo(3);
        assertThat(firstPage.path("items")).hasSize(2);
        assertThat(firstPage.path("items").get(0).path("name").asString()).isEqualTo(marker + "-n0");
        JsonNode lastPage = api.get(connectorsPath(listInstance) + "?q=" + marker + "&size=2&page=2").body();
        assertThat(lastPage.path("items")).hasSize(1);
        assertThat(lastPage.path("items").get(0).path("name").asString()).isEqualTo(marker + "-n4");

        assertThat(api.get(connectorsPath(listInstance) + "?status=NOT_DEPLOYED").body().path("totalItems").asLong()).isEqualTo(6);
        assertThat(api.get(connectorsPath(listInstance) + "?status=RUNNING").body().path("totalItems").asLong()).isZero();
        Api.Response badStatus = api.get(connectorsPath(listInstance) + "?status=SLEEPING");
        assertThat(badStatus.status()).isEqualTo(400);
        assertThat(badStatus.hasError("status", "status.invalid")).isTrue();
        assertThat(api.get(connectorsPath(listInstance) + "?size=0").hasError("size", "size.range")).isTrue();
    }

    @Test
    void aMalformedBodyIsAProblemNamingTheCause() {
        Api.Response response = api.post(connectorsPath(instanceId), "{\"name\": ");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.errors()).isNotEmpty();

        Api.Response noSuchPath = api.get("/api/v1/no-such-endpoint");
        assertThat(noSuchPath.status()).isEqualTo(404);
        assertThat(noSuchPath.contentType()).startsWith("application/problem+json");
        assertThat(noSuchPath.errors()).isNotEmpty();
    }

    @Test
    void tablestoreDefinitionsAreStoredAndAnsweredFieldForField() {
        String wide = unique("ots-wide");
        Map<String, Object> wideColumn = definition(wide, sourceTopic);
        wideColumn.put("destination", new java.util.LinkedHashMap<>(Map.ofEntries(
                Map.entry("type", "TABLESTORE"),
                Map.entry("endpoint", "https://k00eny67.cn-hangzhou.ots.aliyuncs.com"),
                Map.entry("instanceName", "k00eny67"),
                Map.entry("auth", Map.of("type", "RAM_ROLE", "accountId", "188123456", "roleName", "AliyunKafkaOtsRole")),
                Map.entry("autoCreateTable", true),
                Map.entry("tableName", "kafka_table"),
                Map.entry("keyFormat", "JSON"),
                Map.entry("valueFormat", "STRING"),
                Map.entry("jsonConversion", "AUTO_TYPE"),
                Map.entry("primaryKeyMode", "RECORD_KEY"),
                Map.entry("primaryKeyColumns", List.of(Map.of("name", "id", "type", "INTEGER"), Map.of("name", "region", "type", "STRING"))),
                Map.entry("writeMode", "UPDATE"),
                Map.entry("deleteMode", "ROW_AND_COLUMN"))));

        Api.Response created = api.post(connectorsPath(instanceId), wideColumn);

        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        JsonNode destination = api.get(connectorsPath(instanceId) + "/" + wide).body().path("destination");
        assertThat(destination.path("type").asString()).isEqualTo("TABLESTORE");
        assertThat(destination.path("model").asString()).isEqualTo("WIDE_COLUMN");
        assertThat(destination.path("keyFormat").asString()).isEqualTo("JSON");
        assertThat(destination.path("primaryKeyMode").asString()).isEqualTo("RECORD_KEY");
        assertThat(destination.path("primaryKeyColumns").get(0).path("type").asString()).isEqualTo("INTEGER");
        assertThat(destination.path("primaryKeyColumns").get(1).path("name").asString()).isEqualTo("region");
        assertThat(destination.path("deleteMode").asString()).isEqualTo("ROW_AND_COLUMN");
        assertThat(destination.path("auth").path("type").asString()).isEqualTo("RAM_ROLE");
        assertThat(destination.path("auth").path("roleName").asString()).isEqualTo("AliyunKafkaOtsRole");

        String series = unique("ots-ts");
        Map<String, Object> timeseries = definition(series, sourceTopic);
        timeseries.put("destination", Map.of("type", "TABLESTORE", "endpoint", "https://k00eny67.cn-hangzhou.ots.aliyuncs.com",
                "instanceName", "k00eny67", "tableName", "metrics", "model", "TIMESERIES",
                "auth", Map.of("type", "ACCESS_KEY", "accessKeyId", "LTAI5tExampleId", "accessKeySecret", SECRET),
                "timeseries", Map.of("metricNameField", "measurement", "dataSourceField", "source", "tagFields", List.of("tag1", "tag2"),
                        "timestampField", "time", "timestampUnit", "SECONDS", "mapAllFields", false,
                        "fieldTypes", Map.of("temperature", "DOUBLE", "ok", "BOOLEAN"))));

        assertThat(api.post(connectorsPath(instanceId), timeseries).status()).isEqualTo(201);
        JsonNode ts = api.get(connectorsPath(instanceId) + "/" + series).body().path("destination").path("timeseries");
        assertThat(ts.path("tagFields").toString()).isEqualTo("[\"tag1\",\"tag2\"]");
        assertThat(ts.path("timestampUnit").asString()).isEqualTo("SECONDS");
        assertThat(ts.path("fieldTypes").path("temperature").asString()).isEqualTo("DOUBLE");
        assertThat(ts.path("mapAllFields").asBoolean()).isFalse();
    }

    @Test
    void anUnknownFieldIsRefusedByNameButAGetBodyCanBePutBack() {
        Map<String, Object> typo = definition(unique("typo"), sourceTopic);
        ConnectorValidationTest.set(typo, "destination.partitionWindw", "DAY");

        Api.Response refused = api.post(connectorsPath(instanceId), typo);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.hasError("destination.partitionWindw", "destination.partitionWindw.unknown")).as(refused.raw()).isTrue();

        String name = unique("roundtrip");
        assertThat(api.post(connectorsPath(instanceId), definition(name, sourceTopic)).status()).isEqualTo(201);
        Api.Response fetched = api.get(connectorsPath(instanceId) + "/" + name);
        Api.Response putBack = api.put(connectorsPath(instanceId) + "/" + name, fetched.raw());
        assertThat(putBack.status()).as(putBack.raw()).isEqualTo(200);
    }

    /**
     * Issue 2 refused every PUT while running; issue 5 applies live what a running worker group can take
     * (destination, concurrency, failure policy, description, replicas) and refuses, by field, what would move
     * its data or offsets.
     */
    @Test
    void aRunningConnectorTakesLiveChangesRefusesTheOthersByFieldAndADeleteIsAcceptedAtOnce() {
        String name = unique("busy");
        assertThat(api.post(connectorsPath(instanceId), definition(name, sourceTopic)).status()).isEqualTo(201);
        execute("update connector set status = 'RUNNING' where instance_id = ? and name = ?", instanceId, name);

        Map<String, Object> live = definition(name, sourceTopic);
        ConnectorValidationTest.set(live, "description", "more threads");
        ConnectorValidationTest.set(live, "source.concurrency", 3);
        Api.Response liveUpdate = api.put(connectorsPath(instanceId) + "/" + name, live);

        Map<String, Object> fixed = definition(name, sourceTopic);
        ConnectorValidationTest.set(fixed, "source.offsetReset", "LATEST");
        ConnectorValidationTest.set(fixed, "source.offsetTopic", "connect-offset-" + name + "-moved");
        Api.Response refused = api.put(connectorsPath(instanceId) + "/" + name, fixed);

        assertThat(liveUpdate.status()).as(liveUpdate.raw()).isEqualTo(200);
        assertThat(liveUpdate.body().path("source").path("concurrency").asInt()).isEqualTo(3);
        assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
        assertThat(refused.hasError("source.offsetReset", "source.offsetReset.immutableWhileDeployed")).as(refused.raw()).isTrue();
        assertThat(refused.hasError("source.offsetTopic", "source.offsetTopic.immutableWhileDeployed")).as(refused.raw()).isTrue();
        assertThat(api.get(connectorsPath(instanceId) + "?status=RUNNING&q=" + name).body().path("totalItems").asLong()).isEqualTo(1);

        // a DELETE is accepted at once, whatever the status says (DeploymentApiTest follows one through DELETING)
        deleteConnector(connectorsPath(instanceId) + "/" + name);
        awaitTopicsPresent("connect-offset-" + name);
    }
}
