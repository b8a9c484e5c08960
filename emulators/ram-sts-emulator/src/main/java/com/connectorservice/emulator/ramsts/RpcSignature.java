package com.connectorservice.emulator.ramsts;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The RPC signature of the POP APIs (RAM, STS) as {@code RpcSignatureComposer} and {@code HmacSHA1Signer} of
 * aliyun-java-sdk-core compute it: HMAC-SHA1 with {@code secret + "&"} over
 * {@code METHOD&%2F&percentEncode(sorted, percent-encoded query)}, every parameter but {@code Signature} included.
 */
final class RpcSignature {
    private RpcSignature() {
    }

    static String stringToSign(String method, Map<String, String> parameters) {
        StringBuilder canonical = new StringBuilder();
        for (Map.Entry<String, String> p : new TreeMap<>(parameters).entrySet()) {
            if (!p.getKey().equals("Signature")) {
                canonical.append('&').append(percentEncode(p.getKey())).append('=')
                        .append(percentEncode(p.getValue()));
            }
        }
        return method + "&" + percentEncode("/") + "&" + percentEncode(canonical.length() == 0 ? ""
                : canonical.substring(1));
    }

    static String sign(String stringToSign, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec((secret + "&").getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String percentEncode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20").replace("*", "%2A")
                .replace("%7E", "~");
    }
}
