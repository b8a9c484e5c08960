package com.connectorservice.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 12 item 14: a value of the wrong JSON type is refused with its field named instead of being coerced
 * (a number for a string, a string for a number, a fraction for an integer), and so are duplicate keys, enum values
 * not written as documented (capitals, not their positions) and secrets longer than any real one.
 */
class StrictTypesTest extends ControlPlaneTestBase {

    private static String instanceId;
    private static String sourceTopic;

    @BeforeEach
    void instance() {
        if (instanceId == null) {
            instanceId = createInstance();
            sourceTopic = unique("strict-input");
            createTopic(sourceTopic, 1);
        }
    }

    static Stream<Arguments> refusedBodies() {
        String name = "strict-sink";
        String destination = "{\"type\":\"MAXCOMPUTE\",\"endpoint\":\"http://mc.example.com/api\",\"project\":\"p_1\","
                + "\"table\":\"t\",\"auth\":{\"type\":\"ACCESS_KEY\",\"accessKeyId\":\"ak\",\"accessKeySecret\":\"sk\"}}";
        return Stream.of(
                Arguments.of("a number for the name", "{\"name\":12345,\"source\":{\"topic\":\"%s\"},\"destination\":" + destination + "}", "name"),
                Arguments.of("a boolean for the description", "{\"name\":\"" + name + "\",\"description\":true,\"source\":{\"topic\":\"%s\"},\"destination\":" + destination + "}", "description"),
                Arguments.of("a number for the project", "{\"name\":\"" + name + "\",\"source\":{\"topic\":\"%s\"},\"destination\":"
                        + destination.replace("\"p_1\"", "42") + "}", "destination.project"),
                Arguments.of("a number for the secret", "{\"name\":\"" + name + "\",\"source\":{\"topic\":\"%s\"},\"destination\":"
                        + destination.replace("\"sk\"", "123456") + "}", "destination.auth.accessKeySecret"),
                Arguments.of("a string for the concurrency", "{\"name\":\"" + name + "\",\"source\":{\"topic\":\"%s\",\"concurrency\":\"6\"},\"destination\":" + destination + "}", "source.concurrency"),
                Arguments.of("a fraction for the concurrency", "{\"name\":\"" + name + "\",\"source\":{\"topic\":\"%s\",\"concurrency\":6.5},\"destination\":" + destination + "}", "source.concurrency"),
                Arguments.of("a string for a boolean", "{\"name\":\"" + name + "\",\"source\":{\"topic\":\"%s\"},\"destination\":"
                        + destination.replace("}}", "},\"useStreaming\":\"yes\"}") + "}", "destination.useStreaming"),
                Arguments.of("a duplicate key", "{\"name\":\"" + name + "\",\"name\":\"other\",\"source\":{\"topic\":\"%s\"},\"destination\":" + destination + "}", "name"),
                Arguments.of("a duplicate nested key", "{\"name\":\"" + name + "\",\"source\":{\"topic\":\"%s\",\"topic\":\"x\"},\"destination\":" + destination + "}", "source.topic"),
                Arguments.of("a lower-case enum", "{\"name\":\"" + name + "\",\"source\":{\"topic\":\"%s\",\"offsetReset\":\"earliest\"},\"destination\":" + destination + "}", "source.offsetReset"),
                Arguments.of("a number for an enum", "{\"name\":\"" + name + "\",\"source\":{\"topic\":\"%s\",\"offsetReset\":1},\"destination\":" + destination + "}", "source.offsetReset"),
                Arguments.of("a quoted number for an enum", "{\"name\":\"" + name + "\",\"source\":{\"topic\":\"%s\",\"offsetReset\":\"0\"},\"destination\":" + destination + "}", "source.offsetReset"),
                Arguments.of("a lower-case destination type", "{\"name\":\"" + name + "\",\"source\":{\"topic\":\"%s\"},\"destination\":"
                        + destination.replace("MAXCOMPUTE", "maxcompute") + "}", "destination.type"),
                Arguments.of("a secret longer than any real one", "{\"name\":\"" + name + "\",\"source\":{\"topic\":\"%s\"},\"destination\":"
                        + destination.replace("\"sk\"", "\"" + "s".repeat(10_000) + "\"") + "}", "destination.auth.accessKeySecret"),
                Arguments.of("an AccessKey id longer than any real one", "{\"name\":\"" + name + "\",\"source\":{\"topic\":\"%s\"},\"destination\":"
                        + destination.replace("\"ak\"", "\"" + "a".repeat(1_000) + "\"") + "}", "destination.auth.accessKeyId"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusedBodies")
    void isRefusedWithTheFieldNamed(String what, String body, String field) {
        String name = unique("strict");
        Api.Response response = api.post(connectorsPath(instanceId), String.format(body, sourceTopic).replace("strict-sink", name));

        assertThat(response.status()).as(response.raw()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.errors().get(0).path("field").asString()).as(response.raw()).isEqualTo(field);
        assertThat(api.get(connectorsPath(instanceId) + "/" + name).status()).isEqualTo(404);
    }

    static Stream<Arguments> refusedElsewhere() {
        return Stream.of(
                Arguments.of("/api/v1/tokens", "{\"name\":\"strict-token\",\"role\":\"admin\"}", "role"),
                Arguments.of("/api/v1/tokens", "{\"name\":true,\"role\":\"ADMIN\"}", "name"),
                Arguments.of("/api/v1/instances", "{\"id\":\"strict-i\",\"name\":\"n\",\"bootstrapServers\":\"localhost:1\","
                        + "\"properties\":{\"sasl.jaas.config\":\"" + "j".repeat(70_000) + "\"}}", "properties.sasl.jaas.config"),
                Arguments.of("/api/v1/instances", "{\"id\":\"strict-i\",\"name\":\"n\",\"bootstrapServers\":\"localhost:1\","
                        + "\"properties\":{\"sasl.password\":7}}", "properties.sasl.password"),
                Arguments.of("/api/v1/instances", "{\"id\":\"strict-i\",\"id\":\"strict-j\",\"name\":\"n\",\"bootstrapServers\":\"localhost:1\"}", "id"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("refusedElsewhere")
    void otherBodiesAreAsStrict(String path, String body, String field) {
        Api.Response response = api.post(path, body);

        assertThat(response.status()).as(response.raw()).isEqualTo(400);
        assertThat(response.errors().get(0).path("field").asString()).as(response.raw()).isEqualTo(field);
    }

    @org.junit.jupiter.api.Test
    void aLowerCaseStatusFilterIsRefusedToo() {
        Api.Response response = api.get(connectorsPath(instanceId) + "?status=running");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.hasError("status", "status.invalid")).isTrue();
        assertThat(api.get(connectorsPath(instanceId) + "?status=RUNNING").status()).isEqualTo(200);
    }
}
