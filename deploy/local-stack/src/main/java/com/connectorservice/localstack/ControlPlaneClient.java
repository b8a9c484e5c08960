package com.connectorservice.localstack;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The few REST calls the launcher makes: health, and registering the local broker as a Kafka instance. */
final class ControlPlaneClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String baseUrl;
    private final String adminToken;

    ControlPlaneClient(String baseUrl, String adminToken) {
        this.baseUrl = baseUrl;
        this.adminToken = adminToken;
    }

    /** Whether Actuator health answers UP. */
    boolean healthy() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && "UP".equals(JSON.readTree(response.body()).path("status").asText());
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    enum Registration { CREATED, ALREADY_REGISTERED }

    /**
     * Registers {@code id} with {@code bootstrapServers}, or accepts an existing registration with the same servers.
     *
     * @throws IllegalStateException with the control plane's answer when it refuses (e.g. the broker does not answer
     *                               yet: the caller retries) or when the id is taken by other servers
     */
    Registration registerInstance(String id, String bootstrapServers) throws IOException, InterruptedException {
        HttpResponse<String> existing = send(HttpRequest.newBuilder(uri("/api/v1/instances/" + id)).GET());
        if (existing.statusCode() == 200) {
            String registered = JSON.readTree(existing.body()).path("bootstrapServers").asText();
            if (!registered.equals(bootstrapServers)) {
                throw new IllegalStateException("instance " + id + " is registered with bootstrap servers " + registered
                        + ", not " + bootstrapServers + "; delete it (DELETE /api/v1/instances/" + id
                        + ") or start with --fresh");
            }
            return Registration.ALREADY_REGISTERED;
        }
        String body = JSON.writeValueAsString(Map.of("id", id, "name", "Local Kafka broker (" + bootstrapServers + ")",
                "bootstrapServers", bootstrapServers));
        HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/api/v1/instances"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
        if (created.statusCode() == 201 || created.statusCode() == 200) {
            return Registration.CREATED;
        }
        throw new IllegalStateException("POST /api/v1/instances answered " + created.statusCode() + ": " + created.body());
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).GET());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private URI uri(String path) {
        return URI.create(baseUrl + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.header("Authorization", "Bearer " + adminToken).header("Accept", "application/json")
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
