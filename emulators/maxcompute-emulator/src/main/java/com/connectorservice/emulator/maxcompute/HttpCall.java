package com.connectorservice.emulator.maxcompute;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.sun.net.httpserver.HttpExchange;

/** One HTTP exchange with its path split after the service prefix and its query decoded. */
public final class HttpCall {

    private final HttpExchange exchange;
    private final String service;
    private final String resource;
    private final List<String> segments;
    private final Map<String, String> params;
    private final String requestId = UUID.randomUUID().toString().replace("-", "");
    private boolean responded;

    HttpCall(HttpExchange exchange, String service, String resource) {
        this.exchange = exchange;
        this.service = service;
        this.resource = resource;
        this.segments = List.of(resource.replaceAll("^/+", "").split("/"));
        this.params = parseQuery(exchange.getRequestURI().getRawQuery());
    }

    private static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            params.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return params;
    }

    /** "api" or "tunnel". */
    public String service() {
        return service;
    }

    /** The path after the service prefix, decoded, e.g. {@code /projects/p/tables/t}: what the client signed. */
    public String resource() {
        return resource;
    }

    public List<String> segments() {
        return segments;
    }

    public String method() {
        return exchange.getRequestMethod();
    }

    public Map<String, String> params() {
        return params;
    }

    public boolean has(String param) {
        return params.containsKey(param);
    }

    public String param(String name) {
        return params.get(name);
    }

    public String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    public Map<String, List<String>> headers() {
        return exchange.getRequestHeaders();
    }

    public InputStream body() {
        return exchange.getRequestBody();
    }

    /** host[:port] as the client addressed this server. */
    public String host() {
        String host = header("Host");
        if (host == null) {
            host = exchange.getLocalAddress().getHostString() + ":" + exchange.getLocalAddress().getPort();
        }
        return host;
    }

    public String requestId() {
        return requestId;
    }

    public boolean responded() {
        return responded;
    }

    public void setHeader(String name, String value) {
        exchange.getResponseHeaders().set(name, value);
    }

    /**
     * Sets a response header with its name exactly as given. The SDK looks up some tunnel headers
     * ({@code odps-tunnel-slot-num}, {@code odps-tunnel-routed-server}) case-sensitively, but the JDK server
     * capitalises header names; so the name is put into the header map directly.
     */
    public void setLowerCaseHeader(String name, String value) {
        if (!LowerCaseHeaders.put(exchange.getResponseHeaders(), name, value)) {
            setHeader(name, value);
        }
    }

    public void respond(int status, String contentType, byte[] body) throws IOException {
        responded = true;
        setLowerCaseHeader("x-odps-request-id", requestId);
        if (contentType != null) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
        }
        if (body.length == 0) {
            exchange.sendResponseHeaders(status, -1);
        } else {
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    public void respond(int status, String contentType, String body) throws IOException {
        respond(status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    /** Starts a chunked response and hands its body to the caller, who must close it. */
    public OutputStream respondStreaming(int status, String contentType) throws IOException {
        responded = true;
        setLowerCaseHeader("x-odps-request-id", requestId);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, 0);
        return exchange.getResponseBody();
    }
}
