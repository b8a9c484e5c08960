package com.connectorservice.sink.maxcompute;

import com.aliyun.credentials.api.ICredentials;
import com.aliyun.credentials.api.ICredentialsProvider;
import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec;
import com.connectorservice.sink.common.sts.AssumedRole;

/**
 * account_type=STS (seed 001): odps-sdk-core's view of the role's temporary credentials, which sink-common's
 * {@link AssumedRole} assumes and renews ({@code client_timeout_ms} is the validity and the refresh interval). The SDK
 * asks this provider on every request it signs.
 */
final class AssumedRoleCredentials implements ICredentialsProvider {

    private final AssumedRole role;

    AssumedRoleCredentials(MaxComputeSinkConfig config) {
        this.role = AssumedRole.of(config, MaxComputeSinkSpec.STS_KEYS, "kafka-maxcompute-sink", config.clientTimeout());
    }

    String roleArn() {
        return role.roleArn();
    }

    @Override
    public ICredentials getCredentials() {
        AssumedRole.Credentials current = role.current();
        return new ICredentials() {
            @Override
            public String getAccessKeyId() {
                return current.accessKeyId();
            }

            @Override
            public String getAccessKeySecret() {
                return current.accessKeySecret();
            }

            @Override
            public String getSecurityToken() {
                return current.securityToken();
            }

            @Override
            public String getProviderName() {
                return "assume_role";
            }

            @Override
            public String toString() {
                return current.toString();
            }
        };
    }

    @Override
    public String getProviderName() {
        return "assume_role";
    }

    @Override
    public void close() {
        role.close();
    }
}
