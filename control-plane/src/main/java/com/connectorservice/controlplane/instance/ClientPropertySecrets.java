package com.connectorservice.controlplane.instance;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Which Kafka client properties hold secrets (SASL JAAS config, passwords, private keys). */
public final class ClientPropertySecrets {

    private ClientPropertySecrets() {
    }

    public static boolean isSecret(String key) {
        String lower = key.toLowerCase(Locale.ROOT);
        return lower.equals("sasl.jaas.config") || lower.contains("password") || lower.contains("secret")
                || lower.equals("ssl.keystore.key");
    }

    /** Applies {@code transform} to the values of secret keys and copies the others. */
    static Map<String, String> mapSecrets(Map<String, String> properties, UnaryOperator<String> transform) {
        Map<String, String> result = new LinkedHashMap<>();
        properties.forEach((key, value) -> result.put(key, isSecret(key) ? transform.apply(value) : value));
        return result;
    }
}
