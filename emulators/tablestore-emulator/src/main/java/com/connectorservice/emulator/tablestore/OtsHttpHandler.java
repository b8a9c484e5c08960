package com.connectorservice.emulator.tablestore;

import com.connectorservice.emulator.ramsts.StsTokens;

import com.alicloud.openservices.tablestore.core.auth.CalculateV4SigningKeyUtil;
import com.aliyun.ots.thirdparty.com.google.protobuf.InvalidProtocolBufferException;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP front door: checks the request signature against the configured AccessKey pairs, runs the action, makes
 * its changes durable and answers with the headers and response signature the SDK validates.
 */
final class OtsHttpHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(OtsHttpHandler.class);
    private static final DateTimeFormatter ISO8601 =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.US).withZone(ZoneOffset.UTC);
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);
    private static final int MAX_REQUEST_BYTES = 16 * 1024 * 1024;
    private static final String DEFLATE = "deflate";

    static final String STS_TOKEN_HEADER = "x-ots-ststoken";

    private final Map<String, String> secretsByAccessKeyId;
    private final StsTokens stsTokens;
    private final Set<String> instanceNames;
    private final Map<String, Operation> operations;
    private final Store store;

    OtsHttpHandler(Map<String, String> secretsByAccessKeyId, StsTokens stsTokens, Set<String> instanceNames,
                   Map<String, Operation> operations, Store store) {
        this.secretsByAccessKeyId = Map.copyOf(secretsByAccessKeyId);
        this.stsTokens = stsTokens;
        this.instanceNames = Set.copyOf(instanceNames);
        this.operations = Map.copyOf(operations);
        this.store = store;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        // not UUID.randomUUID(): its SecureRandom is shared by every request thread, and the id needs no secrecy
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String requestId = new UUID(random.nextLong(), random.nextLong()).toString();
        String action = exchange.getRequestURI().getPath().replaceFirst("^/+", "");
        Map<String, String> headers = lowerCaseHeaders(exchange);
        String accessKeyId = null;
        String signingKey = null;
        int status;
        byte[] body;
        try {
            byte[] raw = readBody(exchange.getRequestBody());
            accessKeyId = required(headers, "x-ots-accesskeyid");
            signingKey = authenticate(action, exchange.getRequestMethod(), headers, accessKeyId);
            byte[] request = decodedBody(headers, raw);
            Operation operation = operations.get(action);
            if (operation == null) {
                throw OtsException.unsupported("Unsupported operation: '" + action + "'.");
            }
            body = operation.handle(store.instance(headers.get("x-ots-instancename")), request).toByteArray();
            status = 200;
        } catch (OtsException e) {
            status = e.httpStatus();
            body = e.toError().toByteArray();
        } catch (InvalidProtocolBufferException e) {
            OtsException invalid = OtsException.parameterInvalid("Invalid protobuf request for " + action + ": "
                    + e.getMessage());
            status = invalid.httpStatus();
            body = invalid.toError().toByteArray();
        } catch (RuntimeException e) {
            LOG.error("Request {} ({}) failed", requestId, action, e);
            OtsException internal = OtsException.internal("Internal error in the emulator: " + e);
            status = internal.httpStatus();
            body = internal.toError().toByteArray();
        }
        respond(exchange, action, headers, requestId, accessKeyId, signingKey, status, body);
    }

    /**
     * Checks headers, instance, AccessKey, clock skew and the V2 or V4 signature; returns the key the response is
     * signed with (the secret for V2, the derived signing key for V4).
     */
    private String authenticate(String action, String method, Map<String, String> headers, String accessKeyId) {
        String secret = secretsByAccessKeyId.get(accessKeyId);
        StsTokens.TemporaryIdentity temporary = null;
        if (secret == null && StsTokens.isTemporary(accessKeyId)) {
            try {
                temporary = stsTokens.verify(accessKeyId, headers.get(STS_TOKEN_HEADER));
            } catch (IllegalArgumentException e) {
                throw OtsException.authFailed("Invalid security token: " + e.getMessage() + ".");
            }
            secret = stsTokens.secretOf(accessKeyId);
        }
        if (secret == null) {
            throw OtsException.authFailed("The AccessKeyId does not exist: '" + accessKeyId + "'.");
        }
        String signingKey = secret;
        String expected;
        String signature = headers.get(Signatures.SIGNATURE_V4_HEADER);
        if (signature != null) {
            signingKey = CalculateV4SigningKeyUtil.finalSigningKeyString(secret,
                    required(headers, "x-ots-signdate"), required(headers, "x-ots-signregion"), "ots", "HmacSHA256");
            expected = Signatures.ofRequestV4(signingKey, action, method, headers);
        } else {
            signature = required(headers, Signatures.SIGNATURE_HEADER);
            expected = Signatures.ofRequest(secret, action, method, headers);
        }
        if (!Signatures.matches(expected, signature)) {
            throw OtsException.authFailed("Signature mismatch.");
        }
        if (temporary != null && temporary.expiredAt(Instant.now())) {
            throw OtsException.authFailed("The security token you provided has expired (" + temporary.expiration()
                    + "); request new credentials with AssumeRole.");
        }
        String instance = required(headers, "x-ots-instancename");
        if (!instanceNames.contains(instance)) {
            throw OtsException.authFailed("The instance '" + instance + "' does not exist.");
        }
        required(headers, "x-ots-apiversion");
        String date = required(headers, "x-ots-date");
        try {
            Instant sent = Instant.from(ISO8601.parse(date));
            if (Duration.between(sent, Instant.now()).abs().compareTo(MAX_CLOCK_SKEW) > 0) {
                throw OtsException.authFailed("Mismatch between system time and x-ots-date: " + date + ".");
            }
        } catch (DateTimeParseException e) {
            throw OtsException.authFailed("Invalid date format: x-ots-date: " + date + ".");
        }
        return signingKey;
    }

    private static String required(Map<String, String> headers, String name) {
        String value = headers.get(name);
        if (value == null || value.isEmpty()) {
            throw OtsException.authFailed("Missing header: '" + name + "'.");
        }
        return value;
    }

    private static byte[] decodedBody(Map<String, String> headers, byte[] raw) {
        String md5 = required(headers, "x-ots-contentmd5");
        if (!md5.equals(md5(raw))) {
            throw OtsException.parameterInvalid("x-ots-contentmd5 does not match the request body.");
        }
        String compression = headers.get("x-ots-request-compress-type");
        if (compression == null) {
            return raw;
        }
        if (!DEFLATE.equalsIgnoreCase(compression.trim())) {
            throw OtsException.parameterInvalid("Unsupported x-ots-request-compress-type: " + compression + ".");
        }
        int size;
        try {
            size = Integer.parseInt(required(headers, "x-ots-request-compress-size"));
        } catch (NumberFormatException e) {
            throw OtsException.parameterInvalid("Invalid x-ots-request-compress-size.");
        }
        if (size < 0 || size > MAX_REQUEST_BYTES) {
            throw OtsException.parameterInvalid("Invalid x-ots-request-compress-size: " + size + ".");
        }
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(raw);
            byte[] inflated = new byte[size];
            int length = 0;
            while (length < size && !inflater.finished()) {
                int n = inflater.inflate(inflated, length, size - length);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                length += n;
            }
            if (length != size) {
                throw OtsException.parameterInvalid("The request body does not inflate to "
                        + "x-ots-request-compress-size bytes.");
            }
            return inflated;
        } catch (DataFormatException e) {
            throw OtsException.parameterInvalid("The request body is not valid deflate data: " + e.getMessage());
        } finally {
            inflater.end();
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write(buffer, 0, n);
            if (out.size() > MAX_REQUEST_BYTES) {
                throw new OtsException("OTSRequestBodyTooLarge", 413, "The request body exceeds "
                        + MAX_REQUEST_BYTES + " bytes.");
            }
        }
        return out.toByteArray();
    }

    private static void respond(HttpExchange exchange, String action, Map<String, String> requestHeaders,
                                String requestId, String accessKeyId, String signingKey, int status, byte[] body)
            throws IOException {
        Map<String, String> headers = new TreeMap<>();
        headers.put("x-ots-contentmd5", md5(body));
        headers.put("x-ots-requestid", requestId);
        headers.put("x-ots-date", responseDate());
        headers.put("x-ots-contenttype", "protocol buffer");
        byte[] payload = body;
        String wantsCompression = requestHeaders.get("x-ots-response-compress-type");
        if (wantsCompression != null && DEFLATE.equalsIgnoreCase(wantsCompression.trim()) && body.length > 0) {
            payload = deflate(body);
            headers.put("x-ots-response-compress-type", DEFLATE);
            headers.put("x-ots-response-compress-size", Integer.toString(body.length));
        }
        if (signingKey != null) {
            headers.put("authorization", "OTS " + accessKeyId + ":" + Signatures.ofResponse(signingKey, action,
                    headers));
        }
        headers.forEach(exchange.getResponseHeaders()::set);
        exchange.sendResponseHeaders(status, payload.length == 0 ? -1 : payload.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(payload);
        }
    }

    /** The last formatted response date: requests answered within one millisecond share it. */
    private static volatile FormattedDate lastDate = new FormattedDate(0, ISO8601.format(Instant.EPOCH));

    private record FormattedDate(long millis, String text) {
    }

    private static String responseDate() {
        long now = System.currentTimeMillis();
        FormattedDate last = lastDate;
        if (last.millis() != now) {
            last = new FormattedDate(now, ISO8601.format(Instant.ofEpochMilli(now)));
            lastDate = last;
        }
        return last.text();
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater();
        try {
            deflater.setInput(data);
            deflater.finish();
            ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 2 + 64);
            byte[] buffer = new byte[8192];
            while (!deflater.finished()) {
                out.write(buffer, 0, deflater.deflate(buffer));
            }
            return out.toByteArray();
        } finally {
            deflater.end();
        }
    }

    private static Map<String, String> lowerCaseHeaders(HttpExchange exchange) {
        Map<String, String> headers = new TreeMap<>();
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
            if (!header.getValue().isEmpty()) {
                headers.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue().get(0));
            }
        }
        return headers;
    }

    static String md5(byte[] data) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is not available", e);
        }
    }
}
