package com.connectorservice.sink.maxcompute;

import java.time.Duration;
import java.time.Instant;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.aliyun.credentials.api.ICredentials;
import com.aliyun.credentials.api.ICredentialsProvider;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import com.aliyuncs.sts.model.v20150401.AssumeRoleRequest;
import com.aliyuncs.sts.model.v20150401.AssumeRoleResponse;

/**
 * The temporary credentials of the user's RAM role (seed 001's {@code account_type=STS}): the connector's own
 * AccessKey calls STS AssumeRole for {@code acs:ram::<account_id>:role/<role_name>} asking for
 * {@code client_timeout_ms} of validity (STS grants 900 s to 12 h), and asks again after {@code client_timeout_ms}
 * (seed 001: the refresh interval) or once 80% of the credentials' actual lifetime has passed, whichever comes first
 * (at most once a second), so every request the SDK signs (it asks this provider per request) carries credentials
 * that are still valid. No restart,
 * no pause: a renewal happens inside the next request that needs it. A failed renewal keeps the current credentials
 * while they are valid and is retried on the next request.
 */
final class AssumedRoleCredentials implements ICredentialsProvider {
    private static final Logger LOG = LoggerFactory.getLogger(AssumedRoleCredentials.class);
    private static final long MIN_DURATION_SECONDS = 900;
    private static final long MAX_DURATION_SECONDS = 43_200;
    private static final double RENEW_AT_FRACTION_OF_LIFETIME = 0.8;
    private static final Duration MIN_REFRESH_INTERVAL = Duration.ofSeconds(1);

    private final DefaultAcsClient sts;
    private final String stsHost;
    private final ProtocolType protocol;
    private final String roleArn;
    private final String sessionName;
    private final long durationSeconds;
    private final Duration refreshInterval;
    private Credentials current;
    private Instant renewAt = Instant.MIN;

    AssumedRoleCredentials(String stsEndpoint, String regionId, String accessKeyId, String accessKeySecret,
                           String accountId, String roleName, String sessionName, Duration validity) {
        this.sts = new DefaultAcsClient(DefaultProfile.getProfile(regionId, accessKeyId, accessKeySecret));
        this.protocol = stsEndpoint.startsWith("http://") ? ProtocolType.HTTP : ProtocolType.HTTPS;
        this.stsHost = stsEndpoint.replaceFirst("^https?://", "").replaceFirst("/+$", "");
        this.roleArn = "acs:ram::" + accountId + ":role/" + roleName;
        this.sessionName = sessionName;
        this.durationSeconds = Math.min(MAX_DURATION_SECONDS, Math.max(MIN_DURATION_SECONDS,
                validity.toSeconds()));
        this.refreshInterval = validity.compareTo(MIN_REFRESH_INTERVAL) < 0 ? MIN_REFRESH_INTERVAL : validity;
    }

    String roleArn() {
        return roleArn;
    }

    @Override
    public synchronized ICredentials getCredentials() {
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
                    + " connector service to call sts:AssumeRole: add \"alikafka.aliyuncs.com\" to its"
                    + " Principal.Service (RAM console > Roles > the role > Trust Policy)";
            case "EntityNotExist.Role" -> prefix + ". Create the role in account " + roleArn.split(":")[3]
                    + " or correct role_name/account_id";
            case "InvalidAccessKeyId.NotFound", "SDK.InvalidAccessKeySecret", "SignatureDoesNotMatch" -> prefix
                    + ". Check access_id/access_key, the connector service's own AccessKey";
            default -> prefix;
        };
    }

    @Override
    public String getProviderName() {
        return "assume_role";
    }

    @Override
    public void close() {
        sts.shutdown();
    }

    /** One set of temporary credentials. */
    record Credentials(String accessKeyId, String accessKeySecret, String securityToken, Instant expiration)
            implements ICredentials {
        @Override
        public String getAccessKeyId() {
            return accessKeyId;
        }

        @Override
        public String getAccessKeySecret() {
            return accessKeySecret;
        }

        @Override
        public String getSecurityToken() {
            return securityToken;
        }

        @Override
        public String getProviderName() {
            return "assume_role";
        }

        @Override
        public String toString() {
            return "Credentials[" + accessKeyId + ", expires " + expiration + "]";
        }
    }
}
