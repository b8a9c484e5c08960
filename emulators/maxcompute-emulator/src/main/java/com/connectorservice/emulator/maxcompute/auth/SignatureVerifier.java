package com.connectorservice.emulator.maxcompute.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.connectorservice.emulator.maxcompute.ServiceException;
import com.connectorservice.emulator.ramsts.StsTokens;

/**
 * Checks {@code Authorization: ODPS <accessId>:<signature>} (and the v4 form
 * {@code ODPS <accessId>/<date>/<region>/odps/aliyun_v4_request:<signature>}) the way the service does:
 * HMAC-SHA1 over method, content-md5, content-type, date, the x-odps- headers and the resource with its
 * sorted parameters. Secrets stay in this object and are never logged.
 *
 * <p>STS temporary credentials ({@code StsAccount}: AccessKey id {@code STS.*}, token in header
 * {@code authorization-sts-token}) are accepted when the token was sealed with the configured STS signing key (see
 * {@link StsTokens}) and has not expired; they act as the role's MaxCompute user {@code RAM$<account>:role/<role>}.
 */
public final class SignatureVerifier {

    static final String STS_TOKEN_HEADER = "authorization-sts-token";

    private final Map<String, String> secretsByAccessId;
    private final StsTokens stsTokens;

    public SignatureVerifier(Map<String, String> secretsByAccessId, StsTokens stsTokens) {
        this.secretsByAccessId = Map.copyOf(secretsByAccessId);
        this.stsTokens = stsTokens;
    }

    /** @return who signed the request */
    public Principal verify(String method, String resource, Map<String, List<String>> headers,
                         Map<String, String> params) {
        String authorization = first(headers, "Authorization");
        if (authorization == null || !authorization.startsWith("ODPS ")) {
            throw new ServiceException(401, "AuthorizationRequired",
                    "ODPS-0410040:Authorization required - the request carries no ODPS signature");
        }
        String credentials = authorization.substring(5).trim();
        int colon = credentials.lastIndexOf(':');
        if (colon <= 0) {
            throw new ServiceException(401, "InvalidAuthorization",
                    "ODPS-0410041:Invalid authorization header - expected 'ODPS <accessId>:<signature>'");
        }
        String credential = credentials.substring(0, colon);
        String signature = credentials.substring(colon + 1);
        String[] scope = credential.split("/");
        String accessId = scope[0];
        String secret = secretsByAccessId.get(accessId);
        StsTokens.TemporaryIdentity temporary = null;
        if (secret == null && StsTokens.isTemporary(accessId)) {
            try {
                temporary = stsTokens.verify(accessId, first(headers, STS_TOKEN_HEADER));
            } catch (IllegalArgumentException e) {
                throw new ServiceException(401, "InvalidSecurityToken", "ODPS-0410051:Invalid credentials - "
                        + e.getMessage());
            }
            secret = stsTokens.secretOf(accessId);
        }
        if (secret == null) {
            throw new ServiceException(401, "InvalidAccessKeyId",
                    "ODPS-0410051:Invalid credentials - accessKeyId not found: " + accessId);
        }
        byte[] key = scope.length == 5 ? v4Key(secret, scope[1], scope[2]) : secret.getBytes(StandardCharsets.UTF_8);
        String canonical = canonicalString(method, resource, headers, params);
        byte[] expected = hmac("HmacSHA1", key, canonical.getBytes(StandardCharsets.UTF_8));
        byte[] sent;
        try {
            sent = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException e) {
            sent = new byte[0];
        }
        if (!MessageDigest.isEqual(expected, sent)) {
            throw new ServiceException(401, "SignatureNotMatch",
                    "ODPS-0410042:Invalid signature value - User signature does not match");
        }
        if (temporary == null) {
            return Principal.OWNER;
        }
        if (temporary.expiredAt(Instant.now())) {
            // 403, not 401: the JDK's HttpURLConnection hides a 401 answer to a request with a body
            throw new ServiceException(403, "SecurityTokenExpired", "ODPS-0410051:Invalid credentials - the STS "
                    + "security token of " + accessId + " expired at " + temporary.expiration()
                    + "; request new credentials with AssumeRole");
        }
        return Principal.role(temporary.maxComputeUser());
    }

    static String canonicalString(String method, String resource, Map<String, List<String>> headers,
                                  Map<String, String> params) {
        TreeMap<String, String> signed = new TreeMap<>();
        headers.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.equals("content-type") || lower.equals("content-md5") || lower.equals("date")
                    || lower.startsWith("x-odps-")) {
                signed.put(lower, values.isEmpty() ? "" : values.get(0));
            }
        });
        signed.putIfAbsent("content-type", "");
        signed.putIfAbsent("content-md5", "");
        params.forEach((name, value) -> {
            if (name.startsWith("x-odps-")) {
                signed.put(name, value);
            }
        });
        StringBuilder sb = new StringBuilder(method).append('\n');
        signed.forEach((name, value) -> {
            if (name.startsWith("x-odps-")) {
                sb.append(name).append(':').append(value);
            } else {
                sb.append(value);
            }
            sb.append('\n');
        });
        sb.append(resource);
        char separator = '?';
        for (Map.Entry<String, String> param : new TreeMap<>(params).entrySet()) {
            sb.append(separator).append(param.getKey());
            if (param.getValue() != null && !param.getValue().isEmpty()) {
                sb.append('=').append(param.getValue());
            }
            separator = '&';
        }
        return sb.toString();
    }

    private static byte[] v4Key(String secret, String date, String region) {
        byte[] key = ("aliyun_v4" + secret).getBytes(StandardCharsets.UTF_8);
        key = hmac("HmacSHA256", key, date.getBytes(StandardCharsets.UTF_8));
        key = hmac("HmacSHA256", key, region.getBytes(StandardCharsets.UTF_8));
        key = hmac("HmacSHA256", key, "odps".getBytes(StandardCharsets.UTF_8));
        return hmac("HmacSHA256", key, "aliyun_v4_request".getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(String algorithm, byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key, algorithm));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }
}
