package com.connectorservice.sink.common.sts;

import java.time.Duration;
import java.time.Instant;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import com.aliyuncs.sts.model.v20150401.AssumeRoleRequest;
import com.aliyuncs.sts.model.v20150401.AssumeRoleResponse;
import com.connectorservice.contracts.sink.StsKeys;

/**
 * The temporary credentials of a user's RAM role, for both sinks: the connector's own AccessKey calls STS AssumeRole
 * for {@code acs:ram::<account>:role/<role>} asking for {@code validity} (STS grants 900 s to 12 h), and asks again after
 * {@code validity} or once 80% of the credentials' actual lifetime has passed, whichever comes first (at most once a
 * second). The SDKs ask their credentials provider on every request they sign, so each sink wraps this in its SDK's
 * provider interface and renewals need neither a new client nor a restart. A failed renewal keeps the current
 * credentials while they are valid and is retried on the next request. Key names come from the sink's {@link StsKeys},
 * so messages name the keys the user wrote.
 */
public final class AssumedRole implements AutoCloseable {

    /** The services our trust-policy advice names: the managed connector service and its service-linked role. */
    public static final String SERVICE_PRINCIPAL = "alikafka.aliyuncs.com";

    private static final Logger LOG = LoggerFactory.getLogger(AssumedRole.class);
    private static final long MIN_DURATION_SECONDS = 900;
    private static final long MAX_DURATION_SECONDS = 43_200;
    private static final double RENEW_AT_FRACTION_OF_LIFETIME = 0.8;
    private static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(1);

    private final StsKeys keys;
    private final DefaultAcsClient sts;
    private final String stsHost;
    private final ProtocolType protocol;
    private final String accountId;
    private final String roleArn;
    private final String sessionName;
    private final long durationSeconds;
    private final Duration refreshInterval;
    private Credentials current;
    private Instant renewAt = Instant.MIN;

    /**
     * @param stsEndpoint host[:port] with an optional {@code http://} or {@code https://} (default https)
     * @param validity    the lifetime asked for, and the longest time between two renewals
     */
    public AssumedRole(StsKeys keys, String stsEndpoint, String regionId, String accessKeyId, String accessKeySecret,
                       String accountId, String roleName, String sessionName, Duration validity) {
        this.keys = keys;
        this.sts = new DefaultAcsClient(DefaultProfile.getProfile(regionId, accessKeyId, accessKeySecret));
        this.protocol = stsEndpoint.startsWith("http://") ? ProtocolType.HTTP : ProtocolType.HTTPS;
        this.stsHost = stsEndpoint.replaceFirst("^https?://", "").replaceFirst("/+$", "");
        this.accountId = accountId;
        this.roleArn = "acs:ram::" + accountId + ":role/" + roleName;
        this.sessionName = sessionName;
        this.durationSeconds = Math.min(MAX_DURATION_SECONDS, Math.max(MIN_DURATION_SECONDS, validity.toSeconds()));
        this.refreshInterval = validity.compareTo(MIN_REFRESH_INTERVAL) < 0 ? MIN_REFRESH_INTERVAL : validity;
    }

    /** The role a sink's parsed config names under its keys; every key must be set (its spec's rules say so). */
    public static AssumedRole of(AbstractConfig config, StsKeys keys, String sessionName, Duration validity) {
        return new AssumedRole(keys, config.getString(keys.stsEndpoint()), config.getString(keys.regionId()),
                config.getString(keys.accessKeyId()), config.getPassword(keys.accessKeySecret()).value(),
                config.getString(keys.accountId()), config.getString(keys.roleName()), sessionName, validity);
    }

    public String roleArn() {
        return roleArn;
    }

    /** Credentials valid now, assumed or renewed first when due. */
    public synchronized Credentials current() {
        Instant now = Instant.now();
        if (!now.isBefore(renewAt)) {
            try {
                assumeRole(now);
            } catch (ConnectException e) {
                if (current == null || !now.isBefore(current.expiration())) {
                    throw e;
                }
                LOG.warn("Renewing the credentials of {} failed; the current ones stay valid until {}: {}", roleArn,
                        current.expiration(), e.getMessage());
            }
        }
        return current;
    }

    private void assumeRole(Instant now) {
        AssumeRoleRequest request = new AssumeRoleRequest();
        request.setSysEndpoint(stsHost);
        request.setSysProtocol(protocol);
        request.setRoleArn(roleArn);
        request.setRoleSessionName(sessionName);
        request.setDurationSeconds(durationSeconds);
        AssumeRoleResponse.Credentials answer;
        try {
            answer = sts.getAcsResponse(request).getCredentials();
        } catch (ClientException e) {
            throw new ConnectException(explain(e), e);
        }
        Instant expiration = Instant.parse(answer.getExpiration());
        current = new Credentials(answer.getAccessKeyId(), answer.getAccessKeySecret(), answer.getSecurityToken(),
                expiration);
        Duration untilRenewal = Duration.ofMillis((long) (Duration.between(now, expiration).toMillis()
                * RENEW_AT_FRACTION_OF_LIFETIME));
        renewAt = now.plus(untilRenewal.compareTo(refreshInterval) < 0 ? untilRenewal : refreshInterval);
        LOG.info("Assumed role {} (session {}): temporary AccessKey {} valid until {}, renewed from {}", roleArn,
                sessionName, answer.getAccessKeyId(), expiration, renewAt);
    }

    private String explain(ClientException e) {
        String prefix = "Cannot assume RAM role " + roleArn + " through STS at " + stsHost + ": " + e.getErrCode()
                + " - " + e.getErrMsg();
        return switch (e.getErrCode() == null ? "" : e.getErrCode()) {
            case "NoPermission" -> prefix + ". The role's trust policy (AssumeRolePolicyDocument) must allow the"
                    + " connector service to call sts:AssumeRole: add \"" + SERVICE_PRINCIPAL + "\" to its"
                    + " Principal.Service (RAM console > Roles > the role > Trust Policy)";
            case "EntityNotExist.Role" -> prefix + ". Create the role in account " + accountId + " or correct "
                    + keys.roleNames();
            case "InvalidAccessKeyId.NotFound", "SDK.InvalidAccessKeySecret", "SignatureDoesNotMatch" -> prefix
                    + ". Check " + keys.accessKeyNames() + ", the connector service's own AccessKey";
            default -> prefix;
        };
    }

    @Override
    public void close() {
        sts.shutdown();
    }

    /** One set of temporary credentials; prints no secret. */
    public record Credentials(String accessKeyId, String accessKeySecret, String securityToken, Instant expiration) {
        @Override
        public String toString() {
            return "Credentials[" + accessKeyId + ", expires " + expiration + "]";
        }
    }
}
