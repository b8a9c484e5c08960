package com.connectorservice.emulator.ramsts;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.connectorservice.emulator.ramsts.TrustPolicy.Caller;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * The RPC front door of RAM and STS: collects the query and form parameters, checks AccessKey, timestamp, nonce
 * and signature the way the services do, runs the action and answers JSON. Secrets are never logged.
 */
final class RpcHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(RpcHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);
    private static final String HOST_ID = "ram-sts-emulator";

    private final Map<String, Identity> identitiesByAccessKeyId;
    private final RamStsApi api;
    private final Map<String, Instant> usedNonces = new ConcurrentHashMap<>();

    /** Who an AccessKey belongs to. */
    record Identity(Caller caller, String secret) {
    }

    RpcHandler(Map<String, Identity> identitiesByAccessKeyId, RamStsApi api) {
        this.identitiesByAccessKeyId = Map.copyOf(identitiesByAccessKeyId);
        this.api = api;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        String requestId = UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT);
        int status = 200;
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("RequestId", requestId);
        try {
            Map<String, String> parameters = parameters(exchange);
            Caller caller = authenticate(exchange.getRequestMethod(), parameters);
            answer.putAll(api.handle(required(parameters, "Action"), caller, parameters));
        } catch (RpcException e) {
            status = e.status();
            answer.put("HostId", HOST_ID);
            answer.put("Code", e.code());
            answer.put("Message", e.getMessage());
        } catch (UncheckedIOException | IllegalStateException e) {
            LOG.error("request {} failed", requestId, e);
            status = 500;
            answer.put("HostId", HOST_ID);
            answer.put("Code", "InternalError");
            answer.put("Message", "The request processing has failed due to some unknown error: " + e.getMessage());
        }
        byte[] body = JSON.writeValueAsBytes(answer);
        exchange.getResponseHeaders().set("Content-Type", "application/json;charset=utf-8");
        exchange.getResponseHeaders().set("x-acs-request-id", requestId);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private Caller authenticate(String method, Map<String, String> p) {
        String accessKeyId = required(p, "AccessKeyId");
        Identity identity = identitiesByAccessKeyId.get(accessKeyId);
        if (identity == null) {
            throw new RpcException(404, "InvalidAccessKeyId.NotFound", "Specified access key is not found.");
        }
        String signature = required(p, "Signature");
        if (!"HMAC-SHA1".equals(p.get("SignatureMethod"))) {
            throw new RpcException(400, "InvalidSignatureMethod", "Specified signature method is not supported: "
                    + p.get("SignatureMethod") + "; use HMAC-SHA1.");
        }
        String stringToSign = RpcSignature.stringToSign(method, p);
        String expected = RpcSignature.sign(stringToSign, identity.secret());
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8))) {
            throw new RpcException(400, "SignatureDoesNotMatch", "Specified signature is not matched with our "
                    + "calculation. server string to sign is:" + stringToSign);
        }
        Instant timestamp;
        try {
            timestamp = Instant.from(RamStsApi.ISO8601.parse(required(p, "Timestamp")));
        } catch (DateTimeParseException e) {
            throw new RpcException(400, "InvalidTimeStamp.Format", "Specified time stamp or date value is not well "
                    + "formatted: " + p.get("Timestamp") + ".");
        }
        Instant now = Instant.now();
        if (Duration.between(timestamp, now).abs().compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new RpcException(400, "InvalidTimeStamp.Expired", "Specified time stamp or date value is expired.");
        }
        String nonce = required(p, "SignatureNonce");
        if (usedNonces.putIfAbsent(accessKeyId + "/" + nonce, now) != null) {
            throw new RpcException(400, "SignatureNonceUsed", "Specified signature nonce was used already.");
        }
        if (usedNonces.size() > 100_000) {
            usedNonces.values().removeIf(used -> used.isBefore(now.minus(MAX_CLOCK_SKEW)));
        }
        return identity.caller();
    }

    private static Map<String, String> parameters(HttpExchange exchange) throws IOException {
        Map<String, String> parameters = new LinkedHashMap<>();
        decodeInto(exchange.getRequestURI().getRawQuery(), parameters);
        byte[] body = exchange.getRequestBody().readAllBytes();
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (body.length > 0 && (contentType == null || contentType.startsWith("application/x-www-form-urlencoded"))) {
            decodeInto(new String(body, StandardCharsets.UTF_8), parameters);
        }
        return parameters;
    }

    private static void decodeInto(String form, Map<String, String> into) {
        if (form == null || form.isEmpty()) {
            return;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            into.put(name, value);
        }
    }

    private static String required(Map<String, String> p, String name) {
        String value = p.get(name);
        if (value == null || value.isEmpty()) {
            throw RpcException.missing(name);
        }
        return value;
    }
}
