package com.connectorservice.sink.tablestore;

import java.time.Duration;

import com.alicloud.openservices.tablestore.core.auth.CredentialsProvider;
import com.alicloud.openservices.tablestore.core.auth.DefaultCredentials;
import com.alicloud.openservices.tablestore.core.auth.ServiceCredentials;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec;
import com.connectorservice.sink.common.sts.AssumedRole;

/**
 * {@code tablestore.auth.mode=sts}: the Tablestore SDK's view of the role's temporary credentials, which sink-common's
 * {@link AssumedRole} assumes for an hour and renews at 80% of their lifetime. The SDK asks this provider on every
 * request it signs, so renewals need neither a new client nor a restart.
 */
final class RoleCredentialsProvider implements CredentialsProvider {

    private static final Duration VALIDITY = Duration.ofHours(1);

    private final AssumedRole role;
    private AssumedRole.Credentials lastSeen;
    private DefaultCredentials current;

    RoleCredentialsProvider(TablestoreSinkConfig config) {
        this.role = AssumedRole.of(config, TablestoreSinkSpec.STS_KEYS, "kafka-tablestore-sink", VALIDITY);
    }

    @Override
    public synchronized ServiceCredentials getCredentials() {
        AssumedRole.Credentials credentials = role.current();
        if (credentials != lastSeen) {
            current = new DefaultCredentials(credentials.accessKeyId(), credentials.accessKeySecret(),
                    credentials.securityToken());
            lastSeen = credentials;
        }
        return current;
    }

    /** The SDK's hook for pushing credentials in; this provider obtains its own. */
    @Override
    public void setCredentials(ServiceCredentials credentials) {
        throw new UnsupportedOperationException("credentials come from AssumeRole");
    }

    void close() {
        role.close();
    }
}
