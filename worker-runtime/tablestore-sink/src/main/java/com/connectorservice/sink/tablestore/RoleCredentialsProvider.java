package com.connectorservice.sink.tablestore;

import java.time.Duration;
import java.time.Instant;

import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.alicloud.openservices.tablestore.core.auth.CredentialsProvider;
import com.alicloud.openservices.tablestore.core.auth.DefaultCredentials;
import com.alicloud.openservices.tablestore.core.auth.ServiceCredentials;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.exceptions.ClientException;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import com.aliyuncs.sts.model.v20150401.AssumeRoleRequest;
import com.aliyuncs.sts.model.v20150401.AssumeRoleResponse;

/**
 * {@code tablestore.auth.mode=sts}: the connector's AccessKey assumes {@code acs:ram::<account.id>:role/<role.name>}
 * through STS for an hour, and assumes it again once 80% of the credentials' lifetime has passed. The SDK asks this
 * provider on every request it signs, so renewals need neither a new client nor a restart; a failed renewal keeps the
 * current credentials while they are valid.
 */
final class RoleCredentialsProvider implements CredentialsProvider {
    private static final Logger LOG = LoggerFactory.getLogger(RoleCredentialsProvider.class);
    private static final long DURATION_SECONDS = 3600;

    private final DefaultAcsClient sts;
    private final String stsHost;
    private final ProtocolType protocol;
    private final String roleArn;
    private DefaultCredentials current;
    private Instant expiration = Instant.MIN;
    private Instant renewAt = Instant.MIN;

    RoleCredentialsProvider(TablestoreSinkConfig config) {
        this.sts = new DefaultAcsClient(DefaultProfile.getProfile(config.stsRegion(), config.accessKeyId(),
                config.accessKeySecret().value()));
        String endpoint = config.stsEndpoint();
        this.protocol = endpoint.startsWith("http://") ? ProtocolType.HTTP : ProtocolType.HTTPS;
        this.stsHost = endpoint.replaceFirst("^https?://", "").replaceFirst("/+$", "");
        this.roleArn = "acs:ram::" + config.stsAccountId() + ":role/" + config.stsRoleName();
    }

    @Override
    public synchronized ServiceCredentials getCredentials() {
        Instant now = Instant.now();
        if (!now.isBefore(renewAt)) {
            try {
                assumeRole(now);
            } catch (ConnectException e) {
                if (!now.isBefore(expiration)) {
                    throw e;
                }
                LOG.warn("Renewing the credentials of {} failed; the current ones stay valid until {}: {}", roleArn,
                        expiration, e.getMessage());
            }
        }
        return current;
    }

    private void assumeRole(Instant now) {
        AssumeRoleRequest request = new AssumeRoleRequest();
        request.setSysEndpoint(stsHost);
        request.setSysProtocol(protocol);
        request.setRoleArn(roleArn);
        request.setRoleSessionName("kafka-tablestore-sink");
        request.setDurationSeconds(DURATION_SECONDS);
        AssumeRoleResponse.Credentials answer;
        try {
            answer = sts.getAcsResponse(request).getCredentials();
        } catch (ClientException e) {
            String hint = "NoPermission".equals(e.getErrCode())
                    ? ". The role's trust policy (AssumeRolePolicyDocument) must allow the connector service to call"
                    + " sts:AssumeRole" : "";
            throw new ConnectException("Cannot assume RAM role " + roleArn + " through STS at " + stsHost + ": "
                    + e.getErrCode() + " - " + e.getErrMsg() + hint, e);
        }
        expiration = Instant.parse(answer.getExpiration());
        current = new DefaultCredentials(answer.getAccessKeyId(), answer.getAccessKeySecret(),
                answer.getSecurityToken());
        renewAt = now.plusMillis(Duration.between(now, expiration).toMillis() * 4 / 5);
        LOG.info("Assumed role {}: temporary AccessKey {} valid until {}", roleArn, answer.getAccessKeyId(),
                expiration);
    }

    /** The SDK's hook for pushing credentials in; this provider obtains its own. */
    @Override
    public void setCredentials(ServiceCredentials credentials) {
        throw new UnsupportedOperationException("credentials come from AssumeRole");
    }

    void close() {
        sts.shutdown();
    }
}
