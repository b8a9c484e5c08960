package com.connectorservice.controlplane.destination;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.controlplane.connector.validation.Violations;
import com.connectorservice.controlplane.secret.SecretCipher;

/** Checks every destination's fields share: endpoints, credentials, positive sizes. */
public final class DestinationChecks {

    public static final int MAX_ACCESS_KEY_LENGTH = 128;
    public static final int MAX_ROLE_NAME_LENGTH = 64;
    public static final int MAX_URL_LENGTH = 1024;
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{1,32}");

    private DestinationChecks() {
    }

    public static void auth(Violations v, DestinationAuth auth) {
        if (!v.required("destination.auth", auth)) {
            return;
        }
        if (auth instanceof DestinationAuth.AccessKey key) {
            if (v.required("destination.auth.accessKeyId", key.accessKeyId())) {
                length(v, "destination.auth.accessKeyId", key.accessKeyId(), MAX_ACCESS_KEY_LENGTH, "an AccessKey id");
            }
            if (SecretCipher.isMaskOrAbsent(key.accessKeySecret()) || key.accessKeySecret().isBlank()) {
                v.error("destination.auth.accessKeySecret", "required", "destination.auth.accessKeySecret is required");
            } else {
                length(v, "destination.auth.accessKeySecret", key.accessKeySecret(), MAX_ACCESS_KEY_LENGTH,
                        "an AccessKey secret");
            }
        } else if (auth instanceof DestinationAuth.RamRole role) {
            if (v.required("destination.auth.accountId", role.accountId()) && !ACCOUNT_ID.matcher(role.accountId()).matches()) {
                v.error("destination.auth.accountId", "pattern", "accountId must be the numeric Alibaba Cloud account id");
            }
            if (v.required("destination.auth.roleName", role.roleName())) {
                length(v, "destination.auth.roleName", role.roleName(), MAX_ROLE_NAME_LENGTH, "a RAM role name");
            }
            if (role.stsEndpoint() != null && !role.stsEndpoint().isBlank()) {
                url(v, "destination.auth.stsEndpoint", role.stsEndpoint());
            }
            if (role.clientTimeoutMs() != null && role.clientTimeoutMs() <= 0) {
                v.error("destination.auth.clientTimeoutMs", "range", "clientTimeoutMs must be positive");
            }
        }
    }

    /** Real AccessKey ids and secrets are a few dozen characters; anything far longer is a paste gone wrong. */
    private static void length(Violations v, String field, String value, int max, String what) {
        if (value.length() > max) {
            v.error(field, "length", field + " is " + value.length() + " characters, longer than " + what
                    + " can be (at most " + max + ")");
        }
    }

    public static void url(Violations v, String field, String value) {
        if (value.length() > MAX_URL_LENGTH) {
            v.error(field, "length", field + " must be at most " + MAX_URL_LENGTH + " characters");
            return;
        }
        try {
            URI uri = new URI(value);
            if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                v.error(field, "url", field + " must be an http:// or https:// URL, got '" + value + "'");
            }
        } catch (URISyntaxException e) {
            v.error(field, "url", field + " must be an http:// or https:// URL, got '" + value + "'");
        }
    }

    public static void positive(Violations v, String field, Integer value) {
        if (value != null && value <= 0) {
            v.error(field, "range", field + " must be a positive number, got " + value);
        }
    }
}
