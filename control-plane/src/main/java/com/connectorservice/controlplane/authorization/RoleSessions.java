package com.connectorservice.controlplane.authorization;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.sts.model.v20150401.AssumeRoleResponse;
import com.connectorservice.controlplane.connector.DestinationAuth;

/**
 * Temporary credentials of users' RAM roles for work the control plane hands out whole, such as a sync job's window
 * run: the service assumes the role with its own identity and passes only the STS credentials on, so its AccessKey
 * never leaves the control plane. A role's credentials are kept until a quarter of their hour is left, since agents
 * ask for their runs every few seconds.
 */
public final class RoleSessions {

    static final Duration LIFETIME = Duration.ofHours(1);
    private static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(15);

    /** STS credentials of one role; {@link #toString()} leaves the secret and token out of logs. */
    public record Credentials(String accessKeyId, String accessKeySecret, String securityToken, Instant expiration) {

        /** A user's own AccessKey, which does not expire. */
        public static Credentials of(DestinationAuth.AccessKey key) {
            return new Credentials(key.accessKeyId(), key.accessKeySecret(), null, Instant.MAX);
        }

        @Override
        public String toString() {
            return "Credentials[" + accessKeyId + ", expires " + expiration + "]";
        }
    }

    /** The role could not be assumed: the message says why and what to change. */
    public static final class RoleNotAssumable extends RuntimeException {
        RoleNotAssumable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final CloudIdentityProperties identity;
    private final Clock clock;
    private final Map<String, Credentials> sessions = new ConcurrentHashMap<>();

    public RoleSessions(CloudIdentityProperties identity, Clock clock) {
        this.identity = identity;
        this.clock = clock;
    }

    /** Whether the service has an identity to assume roles with ({@code connectors.cloud.access-key-id}). */
    public boolean available() {
        return identity.configured();
    }

    public Credentials credentials(DestinationAuth.RamRole role) {
        String stsEndpoint = role.stsEndpoint() == null || role.stsEndpoint().isBlank() ? identity.stsEndpoint()
                : role.stsEndpoint();
        String key = role.accountId() + "/" + role.roleName() + "@" + stsEndpoint;
        Credentials current = sessions.get(key);
        if (current != null && clock.instant().plus(RENEW_BEFORE_EXPIRY).isBefore(current.expiration())) {
            return current;
        }
        if (!available()) {
            throw new RoleNotAssumable("the connector service has no cloud identity to assume role " + role.roleName()
                    + " with: set connectors.cloud.access-key-id and connectors.cloud.access-key-secret", null);
        }
        try (CloudRoles cloud = new CloudRoles(identity)) {
            AssumeRoleResponse.Credentials assumed = cloud.assumeRole(role.accountId(), role.roleName(), "sync-job",
                    LIFETIME, stsEndpoint);
            Credentials fresh = new Credentials(assumed.getAccessKeyId(), assumed.getAccessKeySecret(),
                    assumed.getSecurityToken(), Instant.parse(assumed.getExpiration()));
            sessions.put(key, fresh);
            return fresh;
        } catch (ClientException e) {
            throw new RoleNotAssumable("role " + role.roleName() + " of account " + role.accountId()
                    + " could not be assumed (" + e.getErrCode() + ": " + e.getErrMsg() + "); check it with"
                    + " connectors:check-authorization", e);
        }
    }
}
