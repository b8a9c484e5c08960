package com.connectorservice.controlplane;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A tiny HTTP client for the real server the tests start, speaking JSON with a bearer token. */
final class Api {

    record Response(int status, String contentType, JsonNode body, String raw, java.net.http.HttpHeaders headers) {

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        JsonNode errors() {
            return body.path("errors");
        }

        boolean hasError(String field, String rule) {
            for (JsonNode error : body.path("errors")) {
                if (field.equals(error.path("field").asString(null)) && rule.equals(error.path("rule").asString(null))) {
                    return true;
                }
            }
            return false;
        }
    }

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;
    private final String token;

    Api(int port, String token) {
        this.baseUrl = "http://localhost:" + port;
        this.token = token;
    }

    Api withToken(String otherToken) {
        return new Api(Integer.parseInt(baseUrl.substring(baseUrl.lastIndexOf(':') + 1)), otherToken);
    }

    Response get(String path) {
        return send("GET", path, null);
    }

    Response post(String path, Object body) {
        return send("POST", path, body);
    }

    Response put(String path, Object body) {
        return send("PUT", path, body);
    }

    Response delete(String path) {
        return send("DELETE", path, null);
    }

    Response send(String method, String path, Object body) {
        return send(method, path, body, java.util.Map.of());
    }

    Response send(String method, String path, Object body, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(60));
        headers.forEach(request::header);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            String text = body instanceof String s ? s : JSON.writeValueAsString(body);
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(text));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String raw = response.body();
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            JsonNode json = raw == null || raw.isBlank() || !contentType.contains("json") ? JSON.createObjectNode() : JSON.readTree(raw);
            return new Response(response.statusCode(), contentType, json, raw, response.headers());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
