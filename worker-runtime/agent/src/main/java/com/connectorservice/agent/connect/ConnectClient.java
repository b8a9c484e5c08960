package com.connectorservice.agent.connect;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.connectorservice.agent.Json;
import com.connectorservice.agent.runtime.ConnectorOperationException;
import com.connectorservice.agent.runtime.ConnectorStatus;
import com.connectorservice.agent.runtime.ConnectorStatus.TaskStatus;
import com.connectorservice.contracts.agent.AgentProtocol.TaskMetrics;
import com.connectorservice.worker.metrics.TaskMetricsEndpoint;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;

/** Client of one Kafka Connect worker's REST API, at its advertised address. Every call is idempotent on Connect's side. */
public final class ConnectClient {

    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(PROBE_TIMEOUT).build();

    private final String baseUrl;

    public ConnectClient(String baseUrl) {
        this.baseUrl = baseUrl.replaceAll("/+$", "");
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** True when the worker's REST server answers; it does so only after the worker joined its group. */
    public boolean isReady() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/connectors"))
                    .timeout(PROBE_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The connector's stored config (placeholders unresolved), or empty when the worker has no such connector. */
    public Optional<Map<String, String>> connectorConfig(String name) throws ConnectorOperationException {
        return call("GET", connectorPath(name, "/config"), null)
                .map(body -> Json.MAPPER.convertValue(body, new TypeReference<Map<String, String>>() { }));
    }

    /** Creates the connector directly in its target state, so a connector deployed STOPPED never starts. */
    public void create(String name, Map<String, String> config, String initialState) throws ConnectorOperationException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("config", config);
        body.put("initial_state", initialState);
        call("POST", "/connectors", body);
    }

    public void putConfig(String name, Map<String, String> config) throws ConnectorOperationException {
        call("PUT", connectorPath(name, "/config"), config);
    }

    public Optional<ConnectorStatus> status(String name) throws ConnectorOperationException {
        return call("GET", connectorPath(name, "/status"), null).map(ConnectClient::status);
    }

    /** The worker's metrics of the connector's tasks it runs; empty when the worker has no metrics extension (404). */
    public List<TaskMetrics> taskMetrics(String name) throws ConnectorOperationException {
        return call("GET", TaskMetricsEndpoint.path(URLEncoder.encode(name, StandardCharsets.UTF_8)), null)
                .map(body -> Json.MAPPER.convertValue(body, new TypeReference<List<TaskMetrics>>() { }))
                .orElse(List.of());
    }

    /** Committed offsets by "topic-partition" ({@code GET /connectors/<name>/offsets}, KIP-875); empty for no connector. */
    public Map<String, Long> offsets(String name) throws ConnectorOperationException {
        Map<String, Long> offsets = new java.util.TreeMap<>();
        call("GET", connectorPath(name, "/offsets"), null).ifPresent(body -> body.path("offsets").forEach(entry ->
                offsets.put(entry.path("partition").path("kafka_topic").asText() + "-"
                        + entry.path("partition").path("kafka_partition").asInt(),
                        entry.path("offset").path("kafka_offset").asLong())));
        return offsets;
    }

    public void pause(String name) throws ConnectorOperationException {
        call("PUT", connectorPath(name, "/pause"), null);
    }

    public void resume(String name) throws ConnectorOperationException {
        call("PUT", connectorPath(name, "/resume"), null);
    }

    public void stop(String name) throws ConnectorOperationException {
        call("PUT", connectorPath(name, "/stop"), null);
    }

    public void restart(String name, boolean includeTasks, boolean onlyFailed) throws ConnectorOperationException {
        call("POST", connectorPath(name, "/restart?includeTasks=" + includeTasks + "&onlyFailed=" + onlyFailed), null);
    }

    /** Connect accepts this only for a STOPPED connector (KIP-875). */
    public void resetOffsets(String name) throws ConnectorOperationException {
        call("DELETE", connectorPath(name, "/offsets"), null);
    }

    private static String connectorPath(String name, String suffix) {
        return "/connectors/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + suffix;
    }

    /** Empty for 404; the parsed body (or null node) for 2xx; an exception carrying Connect's message otherwise. */
    private Optional<JsonNode> call(String method, String path, Object body) throws ConnectorOperationException {
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(Json.MAPPER.writeValueAsBytes(body));
            HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(CALL_TIMEOUT)
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .method(method, publisher).build();
            HttpResponse<byte[]> response = HTTP.send(request, HttpResponse.BodyHandlers.ofByteArray());
            int status = response.statusCode();
            if (status == 404 && "GET".equals(method)) {
                return Optional.empty();
            }
            if (status / 100 != 2) {
                throw new ConnectorOperationException(method + " " + path, status, errorMessage(response.body()));
            }
            byte[] content = response.body();
            return Optional.of(content.length == 0 ? Json.MAPPER.nullNode() : Json.MAPPER.readTree(content));
        } catch (IOException e) {
            throw new ConnectorOperationException(method + " " + path, 0, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectorOperationException(method + " " + path, 0, "interrupted");
        }
    }

    private static String errorMessage(byte[] body) {
        try {
            JsonNode node = Json.MAPPER.readTree(body);
            return node != null && node.hasNonNull("message") ? node.get("message").asText()
                    : new String(body, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Connect's {@code GET /connectors/<name>/status} body. */
    private static ConnectorStatus status(JsonNode body) {
        JsonNode connector = body.path("connector");
        List<TaskStatus> tasks = new java.util.ArrayList<>();
        body.path("tasks").forEach(task -> tasks.add(new TaskStatus(task.path("id").asInt(),
                task.path("state").asText(null), task.path("worker_id").asText(null), text(task, "trace"))));
        return new ConnectorStatus(connector.path("state").asText(null), connector.path("worker_id").asText(null),
                text(connector, "trace"), tasks);
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }
}
