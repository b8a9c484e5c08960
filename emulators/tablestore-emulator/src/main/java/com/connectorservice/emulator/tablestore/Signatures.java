package com.connectorservice.emulator.tablestore;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tablestore's request signatures, V2 (HMAC-SHA1 with the AccessKey secret) and V4 (HMAC-SHA256 with a key derived
 * from the secret, the signing date and the region), and the response signature (HMAC-SHA1 with the secret or the V4
 * key), computed exactly as the SDK's {@code V2SignatureMaker}, {@code V4SignatureMaker} and
 * {@code OTSValidationResponseHandler} do.
 */
final class Signatures {
    static final String OTS_HEADER_PREFIX = "x-ots-";
    static final String SIGNATURE_HEADER = "x-ots-signature";
    static final String SIGNATURE_V4_HEADER = "x-ots-signaturev4";
    private static final String V4_SALT = "ots";

    private Signatures() {
    }

    /** @param lowerCaseHeaders request headers with lower-case names */
    static String ofRequest(String secret, String action, String method, Map<String, String> lowerCaseHeaders) {
        return hmac("HmacSHA1", secret, canonicalRequest(action, method, lowerCaseHeaders));
    }

    /** @param signingKey the key the SDK derives with {@code CalculateV4SigningKeyUtil.finalSigningKeyString} */
    static String ofRequestV4(String signingKey, String action, String method, Map<String, String> lowerCaseHeaders) {
        return hmac("HmacSHA256", signingKey, canonicalRequest(action, method, lowerCaseHeaders) + V4_SALT);
    }

    private static String canonicalRequest(String action, String method, Map<String, String> lowerCaseHeaders) {
        StringBuilder canonical = new StringBuilder(512).append('/').append(action).append('\n')
                .append(method).append("\n\n");
        for (Map.Entry<String, String> header : new TreeMap<>(lowerCaseHeaders).entrySet()) {
            String name = header.getKey();
            if (name.startsWith(OTS_HEADER_PREFIX) && !name.equals(SIGNATURE_HEADER)
                    && !name.equals(SIGNATURE_V4_HEADER)) {
                canonical.append(name).append(':').append(header.getValue().trim()).append('\n');
            }
        }
        return canonical.toString();
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
        return hmac("HmacSHA1", secret, canonical.toString());
    }

    private static String hmac(String algorithm, String secret, String data) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return Base64.getEncoder().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }

    /** Constant-time comparison, so a wrong signature reveals nothing through timing. */
    static boolean matches(String expected, String actual) {
        return actual != null && java.security.MessageDigest.isEqual(
                expected.getBytes(StandardCharsets.UTF_8), actual.getBytes(StandardCharsets.UTF_8));
    }
}
