package com.connectorservice.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 13: a client's mistake answers 4xx problem+json naming the field, never 5xx, and never an HTML page
 * or Spring's whitelabel JSON, whichever layer (Tomcat, the security filters, Spring MVC) notices it first.
 */
class ClientMistakesTest extends ControlPlaneTestBase {

    private static String instanceId;
    private static String sourceTopic;
    private static String connector;
    private RawHttp raw;

    @BeforeEach
    void instanceWithAConnector() {
        raw = new RawHttp(port);
        if (instanceId == null) {
            instanceId = createInstance();
            sourceTopic = unique("mistakes-input");
            createTopic(sourceTopic, 1);
            connector = unique("mistakes");
            assertThat(api.post(connectorsPath(instanceId), definition(connector, sourceTopic)).status()).isEqualTo(201);
        }
    }

    @Test
    void aNulCharacterInAnyStringIsRefusedNamingTheFieldAndCreatesNothing() {
        String name = unique("nul");
        Map<String, Object> withNul = definition(name, sourceTopic);
        withNul.put("description", "orders\u0000export");

        Api.Response created = api.post(connectorsPath(instanceId), withNul);

        assertThat(created.status()).as(created.raw()).isEqualTo(400);
        assertThat(created.contentType()).startsWith("application/problem+json");
        assertThat(created.errors().get(0).path("field").asString()).isEqualTo("description");
        assertThat(kafka().topicNames()).doesNotContain("connect-offset-" + name, "connect-error-" + name);

        Map<String, Object> nested = definition(unique("nul"), sourceTopic);
        ConnectorValidationTest.set(nested, "destination.auth.accessKeyId", "LTAI\u0000x");
        Api.Response nestedAnswer = api.post(connectorsPath(instanceId) + ":validate", nested);
        assertThat(nestedAnswer.status()).as(nestedAnswer.raw()).isEqualTo(400);
        assertThat(nestedAnswer.errors().get(0).path("field").asString()).isEqualTo("destination.auth.accessKeyId");

        Api.Response instance = api.post("/api/v1/instances", Map.of("id", unique("nul"), "name", "a\u0000b",
                "bootstrapServers", kafka().bootstrapServers()));
        assertThat(instance.status()).as(instance.raw()).isEqualTo(400);
        assertThat(instance.errors().get(0).path("field").asString()).isEqualTo("name");

        Api.Response key = api.post("/api/v1/instances", Map.of("id", unique("nul"), "name", "n",
                "bootstrapServers", kafka().bootstrapServers(), "properties", Map.of("client.\u0000id", "x")));
        assertThat(key.status()).as(key.raw()).isEqualTo(400);
        assertThat(key.errors().get(0).path("field").asString()).startsWith("properties");

        RawHttp.Response query = raw.send("GET", connectorsPath(instanceId) + "?q=a%00b", auth(), null);
        assertThat(query.status()).as(query.toString()).isEqualTo(400);
        assertThat(query.isProblemWithField()).as(query.toString()).isTrue();
        assertThat(query.json().path("errors").get(0).path("field").asString()).isEqualTo("q");

        RawHttp.Response path = raw.send("GET", "/api/v1/instances/a%00b", auth(), null);
        assertThat(path.status()).as(path.toString()).isBetween(400, 499);
        assertThat(path.isProblemWithField()).as(path.toString()).isTrue();
    }

    @Test
    void aWildcardContentTypeIs415AsAProblem() {
        RawHttp.Response response = raw.send("POST", connectorsPath(instanceId), headers(auth(), "Content-Type", "*/*"),
                Api.JSON.writeValueAsBytes(definition(unique("wild"), sourceTopic)));

        assertThat(response.status()).as(response.toString()).isEqualTo(415);
        assertThat(response.isProblemWithField()).as(response.toString()).isTrue();
        assertThat(response.json().path("errors").get(0).path("field").asString()).isEqualTo("Content-Type");

        RawHttp.Response garbage = raw.send("POST", connectorsPath(instanceId), headers(auth(), "Content-Type", "no/such;;=type"),
                "{}".getBytes(StandardCharsets.UTF_8));
        assertThat(garbage.status()).as(garbage.toString()).isBetween(400, 499);
        assertThat(garbage.isProblemWithField()).as(garbage.toString()).isTrue();
    }

    @Test
    void malformedPercentEncodingInAQueryIs400NamingTheParameter() {
        for (String query : new String[] { "q=%zz", "q=%", "q=abc%e", "status=%C0%AF", "q=%ff%fe" }) {
            RawHttp.Response response = raw.send("GET", connectorsPath(instanceId) + "?" + query, auth(), null);

            assertThat(response.status()).as(query + " -> " + response).isEqualTo(400);
            assertThat(response.isProblemWithField()).as(query + " -> " + response).isTrue();
            assertThat(response.json().path("errors").get(0).path("field").asString()).as(query)
                    .isEqualTo(query.substring(0, query.indexOf('=')));
        }
    }

    @Test
    void aPageFarBeyondAnyListIs400NamingPage() {
        Api.Response response = api.get(connectorsPath(instanceId) + "?page=2147483647");

        assertThat(response.status()).as(response.raw()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.errors().get(0).path("field").asString()).isEqualTo("page");
        assertThat(api.get("/api/v1/audit-events?page=2147483647").status()).isEqualTo(400);
        assertThat(api.get(connectorsPath(instanceId) + "?page=99999999999").hasError("page", "page.invalid")).isTrue();
    }

    @Test
    void aTestMessageOverTheBrokersLimitIs413NamingTheLimit() {
        String value = "x".repeat(1024 * 1024);

        Api.Response response = api.post(connectorsPath(instanceId) + "/" + connector + "/test-message",
                Map.of("key", "k", "value", value));

        assertThat(response.status()).as(response.raw()).isEqualTo(413);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.errors().get(0).path("field").asString()).isEqualTo("value");
        assertThat(response.errors().get(0).path("rule").asString()).isEqualTo("value.size");
        assertThat(response.body().path("detail").asString()).contains("max.message.bytes").contains("1048588");
    }

    @Test
    void aTopicThatAllowsLargerMessagesTakesATestMessageOverOneMebibyte() {
        String bigTopic = unique("big-input");
        createTopic(bigTopic, 1, Map.of("max.message.bytes", String.valueOf(3 * 1024 * 1024)));
        String name = unique("big");
        assertThat(api.post(connectorsPath(instanceId), definition(name, bigTopic)).status()).isEqualTo(201);

        Api.Response sent = api.post(connectorsPath(instanceId) + "/" + name + "/test-message",
                Map.of("value", "y".repeat(2 * 1024 * 1024)));

        assertThat(sent.status()).as(sent.raw()).isEqualTo(200);
        assertThat(kafka().readAll(bigTopic, 1, Duration.ofSeconds(20)).get(0).value()).hasSize(2 * 1024 * 1024);
    }

    /** What Tomcat and the security filters refuse before Spring MVC sees the request. */
    @Test
    void theContainersOwnRefusalsAreProblemsToo() {
        Map<String, String> hugeHeader = headers(auth(), "X-Filler", "f".repeat(20_000));
        RawHttp.Response[] responses = {
                raw.send("GET", "/api/v1/instances/a|b{c}", auth(), null),
                raw.send("GET", "/api/v1//instances", auth(), null),
                raw.send("GET", "/api/v1/instances/%2e%2e/%2e%2e/actuator/env", auth(), null),
                raw.send("GET", "/api/v1/instances;jsessionid=abc", auth(), null),
                raw.send("GET", "/api/v1/instances/%zz", auth(), null),
                raw.send("GET", "/api/v1/instances/a%2Fb", auth(), null),
                raw.send("GET", "/api/v1/instances", hugeHeader, null),
                raw.send("TRACE", "/api/v1/instances", auth(), null),
                raw.send("BREW", "/api/v1/instances", auth(), null),
                raw.send("DELETE", "/index.html", Map.of(), null),
                raw.send("GET", "/no/such/page.php", auth(), null),
                raw.send("POST", "/api/v1/instances", headers(auth(), "Content-Type", "application/json"),
                        "{\"id\":".getBytes(StandardCharsets.UTF_8)),
        };
        for (RawHttp.Response response : responses) {
            assertThat(response.status()).as(response.toString()).isBetween(400, 499);
            assertThat(response.isProblemWithField()).as(response.toString()).isTrue();
            assertThat(response.text()).doesNotContain("<html").doesNotContain("Whitelabel").doesNotContain("\"timestamp\"");
        }
    }

    static Map<String, String> auth() {
        return Map.of("Authorization", "Bearer " + ADMIN_TOKEN);
    }

    static Map<String, String> headers(Map<String, String> base, String name, String value) {
        Map<String, String> headers = new LinkedHashMap<>(base);
        headers.put(name, value);
        return headers;
    }
}
