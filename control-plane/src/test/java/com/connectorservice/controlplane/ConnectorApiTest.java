package com.connectorservice.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

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
    }
}
