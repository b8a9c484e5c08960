package com.connectorservice.emulator.tablestore;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tablestore's V2 request and response signatures (HMAC-SHA1 over the action and the sorted {@code x-ots-*} headers),
 * computed exactly as the SDK's {@code V2SignatureMaker} and {@code OTSValidationResponseHandler} do.
 */
final class Signatures {
    static final String OTS_HEADER_PREFIX = "x-ots-";
    static final String SIGNATURE_HEADER = "x-ots-signature";

    private Signatures() {
    }

    /** @param lowerCaseHeaders request headers with lower-case names */
    static String ofRequest(String secret, String action, String method, Map<String, String> lowerCaseHeaders) {
        StringBuilder canonical = new StringBuilder(512).append('/').append(action).append('\n')
                .append(method).append("\n\n");
        for (Map.Entry<String, String> header : new TreeMap<>(lowerCaseHeaders).entrySet()) {
            String name = header.getKey();
            if (name.startsWith(OTS_HEADER_PREFIX) && !name.equals(SIGNATURE_HEADER)) {
                canonical.append(name).append(':').append(header.getValue().trim()).append('\n');
            }
        }
        return hmacSha1(secret, canonical.toString());
    }

    /** @param lowerCaseHeaders response headers with lower-case names */
    static String ofResponse(String secret, String action, Map<String, String> lowerCaseHeaders) {
        StringBuilder canonical = new StringBuilder(256);
        for (Map.Entry<String, String> header : new TreeMap<>(lowerCaseHeaders).entrySet()) {
            if (header.getKey().startsWith(OTS_HEADER_PREFIX)) {
                canonical.append(header.getKey()).append(':').append(header.getValue()).append('\n');
            }
        }
        canonical.append('/').append(action);
        return hmacSha1(secret, canonical.toString());
    }

    private static String hmacSha1(String secret, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is not available", e);
        }
    }

    /** Constant-time comparison, so a wrong signature reveals nothing through timing. */
    static boolean matches(String expected, String actual) {
        return actual != null && java.security.MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }
}
