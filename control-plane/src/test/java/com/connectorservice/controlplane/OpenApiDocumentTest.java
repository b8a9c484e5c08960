package com.connectorservice.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import tools.jackson.databind.JsonNode;

/**
 * Writes the public OpenAPI document ({@code target/openapi/connector-service.json}) that the console's client and types
 * are generated from during the build, so a changed REST type breaks the console's build; and checks it is fit for that:
 * a stable id on every operation, the real success statuses, each error as problem+json, the destination types told
 * apart by {@code type}, no agent endpoints.
 */
class OpenApiDocumentTest extends ControlPlaneTestBase {

    static final Path DOCUMENT = Path.of(System.getProperty("openapi.document", "target/openapi/connector-service.json"));

    @Test
    void writesTheDocumentTheConsoleIsGeneratedFrom() throws Exception {
        Api.Response response = api.get("/v3/api-docs");
        assertThat(response.status()).isEqualTo(200);
        JsonNode document = response.body();

        List<String> operationIds = new ArrayList<>();
        document.path("paths").properties().forEach(path -> {
            assertThat(path.getKey()).as("agent endpoints are not public").doesNotStartWith("/api/v1/agents");
            path.getValue().properties().forEach(operation -> {
                String id = operation.getValue().path("operationId").asString("");
                assertThat(id).as("%s %s has an operation id", operation.getKey(), path.getKey()).matches("[a-z][A-Za-z]+");
                operationIds.add(id);
                operation.getValue().path("responses").properties().forEach(answer -> {
                    if (answer.getKey().startsWith("4") || answer.getKey().startsWith("5")) {
                        assertThat(answer.getValue().path("content").path("application/problem+json").path("schema")
                                .path("$ref").asString()).as("%s answers %s", id, answer.getKey())
                                .isEqualTo("#/components/schemas/Problem");
                    }
                });
            });
        });
        assertThat(operationIds).doesNotHaveDuplicates().contains("createConnector", "deployConnector", "getConnectorStatus");
        assertThat(responses(document, "/api/v1/instances/{instanceId}/connectors", "post"))
                .contains("201", "400", "401", "403", "409").doesNotContain("200");
        assertThat(responses(document, "/api/v1/instances/{instanceId}/connectors/{name}", "delete"))
                .contains("202", "404").doesNotContain("200", "204");
        // the console reads the DELETING connector from the 202's body
        assertThat(document.path("paths").path("/api/v1/instances/{instanceId}/connectors/{name}").path("delete")
                .path("responses").path("202").path("content").toString()).contains("#/components/schemas/ConnectorResponse");
        assertThat(document.path("components").path("schemas").path("ConnectorResponse").path("properties").path("status")
                .path("enum").toString()).contains("DELETING");
        assertThat(responses(document, "/api/v1/instances/{instanceId}/connectors/{name}/deploy", "post"))
                .contains("202", "409").doesNotContain("200");
        JsonNode schemas = document.path("components").path("schemas");
        assertThat(schemas.path("Destination").path("discriminator").path("mapping").propertyNames())
                .containsExactlyInAnyOrder("MAXCOMPUTE", "TABLESTORE");
        assertThat(schemas.path("DestinationAuth").path("discriminator").path("mapping").propertyNames())
                .containsExactlyInAnyOrder("ACCESS_KEY", "RAM_ROLE");
        assertThat(schemas.path("MaxComputeDestination").toString()).contains("\"enum\":[\"KEY\",\"VALUE\",\"DEFAULT\"]");
        assertThat(document.path("x-connector-service").path("maxCompute").path("formatsByMode").path("DEFAULT").toString())
                .isEqualTo("[\"TEXT\",\"BINARY\",\"DEBEZIUM_JSON\"]");

        Files.createDirectories(DOCUMENT.toAbsolutePath().getParent());
        Files.writeString(DOCUMENT, Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document));
    }

    private static List<String> responses(JsonNode document, String path, String method) {
        List<String> statuses = new ArrayList<>();
        document.path("paths").path(path).path(method).path("responses").propertyNames().forEach(statuses::add);
        return statuses;
    }
}
