package com.connectorservice.emulator.ramsts;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Temporary credentials that other emulators verify without asking the STS emulator: the security token carries
 * the temporary AccessKey id, the account, the role, the session and the expiry, sealed with an HMAC under a
 * signing key all emulators are configured with; the temporary AccessKey secret is derived from the AccessKey id
 * under the same key. So a MaxCompute or Tablestore emulator given the key checks a request's signature, whose role
 * it is and whether it has expired, with no shared state and across restarts.
 */
public final class StsTokens {

    /** The key the emulators share unless configured otherwise (local stack, tests). */
    public static final String DEFAULT_SIGNING_KEY = "local-sts-signing-key";
    /** Temporary AccessKey ids start with this, as the service's do. */
    public static final String ACCESS_KEY_PREFIX = "STS.";
    private static final String TOKEN_PREFIX = "CAIS";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] signingKey;

    public StsTokens(String signingKey) {
        if (signingKey == null || signingKey.isEmpty()) {
            throw new IllegalArgumentException("the STS signing key must not be empty");
        }
        this.signingKey = signingKey.getBytes(StandardCharsets.UTF_8);
    }

    public static boolean isTemporary(String accessKeyId) {
        return accessKeyId != null && accessKeyId.startsWith(ACCESS_KEY_PREFIX);
    }

    public TemporaryCredentials issue(String accountId, String roleName, String sessionName, Instant expiration) {
        byte[] random = new byte[12];
        RANDOM.nextBytes(random);
        String accessKeyId = ACCESS_KEY_PREFIX + B64.encodeToString(random);
        String payload = String.join("\n", accessKeyId, accountId, roleName, sessionName,
                Long.toString(expiration.getEpochSecond()));
        String encoded = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        String token = TOKEN_PREFIX + encoded + "." + B64.encodeToString(mac(encoded));
        return new TemporaryCredentials(accessKeyId, secretOf(accessKeyId), token,
                Instant.ofEpochSecond(expiration.getEpochSecond()));
    }

    /** The secret that belongs to a temporary AccessKey id; meaningful only after {@link #verify}. */
    public String secretOf(String accessKeyId) {
        return B64.encodeToString(mac("secret:" + accessKeyId)).substring(0, 30);
    }

    /**
     * Checks that the token was issued by an STS emulator with the same key and belongs to the AccessKey id. Does
     * not check the expiry: each service answers an expired token with its own error.
     *
     * @throws IllegalArgumentException naming what is wrong with the token
     */
    public TemporaryIdentity verify(String accessKeyId, String securityToken) {
        if (securityToken == null || securityToken.isEmpty()) {
            throw new IllegalArgumentException("the request uses the temporary AccessKey " + accessKeyId
                    + " but carries no security token");
        }
        int dot = securityToken.lastIndexOf('.');
        if (!securityToken.startsWith(TOKEN_PREFIX) || dot < 0) {
            throw new IllegalArgumentException("the security token is malformed");
        }
        String encoded = securityToken.substring(TOKEN_PREFIX.length(), dot);
        byte[] seal;
        String[] fields;
        try {
            seal = Base64.getUrlDecoder().decode(securityToken.substring(dot + 1));
            fields = new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8).split("\n");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the security token is malformed");
        }
        if (!MessageDigest.isEqual(mac(encoded), seal) || fields.length != 5) {
            throw new IllegalArgumentException("the security token is invalid (not issued by this STS)");
        }
        if (!fields[0].equals(accessKeyId)) {
            throw new IllegalArgumentException("the security token does not belong to AccessKey " + accessKeyId);
        }
        return new TemporaryIdentity(fields[0], fields[1], fields[2], fields[3],
                Instant.ofEpochSecond(Long.parseLong(fields[4])));
    }

    private byte[] mac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(signingKey, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What AssumeRole hands out. */
    public record TemporaryCredentials(String accessKeyId, String accessKeySecret, String securityToken,
                                       Instant expiration) {
        @Override
        public String toString() {
            return "TemporaryCredentials[" + accessKeyId + ", expires " + expiration + "]";
        }
    }

    /** Who signs with a temporary AccessKey. */
    public record TemporaryIdentity(String accessKeyId, String accountId, String roleName, String sessionName,
                                    Instant expiration) {

        public boolean expiredAt(Instant now) {
            return !now.isBefore(expiration);
        }

        /** The MaxCompute user of the role, as {@code add user RAM$<account>:role/<role>} names it. */
        public String maxComputeUser() {
            return "RAM$" + accountId + ":role/" + roleName.toLowerCase(Locale.ROOT);
        }
    }
}
