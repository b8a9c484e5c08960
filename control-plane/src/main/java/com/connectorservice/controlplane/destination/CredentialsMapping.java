package com.connectorservice.controlplane.destination;

import java.util.Map;

import com.connectorservice.contracts.sink.StsKeys;
import com.connectorservice.controlplane.connectconfig.ConnectConfigMapper;
import com.connectorservice.controlplane.connectconfig.SinkConfigWriter;
import com.connectorservice.controlplane.connector.DestinationAuth;

/**
 * A destination's credentials under a sink's own key names ({@link StsKeys}): an AccessKey pair, or a RAM role that the
 * connector service's own AccessKey assumes. Both sinks take them the same way under different names.
 */
public final class CredentialsMapping {

    private CredentialsMapping() {
    }

    public static void write(DestinationAuth auth, StsKeys keys, ConnectConfigMapper.ServiceIdentity service,
            SinkConfigWriter config, Map<String, String> secrets) {
        if (auth instanceof DestinationAuth.AccessKey key) {
            config.put(keys.accessKeyId(), key.accessKeyId(), "destination.auth.accessKeyId")
                    .put(keys.accessKeySecret(), ConnectConfigMapper.secretReference(key, secrets),
                            "destination.auth.accessKeySecret");
        } else if (auth instanceof DestinationAuth.RamRole role) {
            config.put(keys.accountId(), role.accountId(), "destination.auth.accountId")
                    .put(keys.roleName(), role.roleName(), "destination.auth.roleName");
            if (role.stsEndpoint() != null) {
                config.put(keys.stsEndpoint(), role.stsEndpoint(), "destination.auth.stsEndpoint");
            } else {
                config.putFromService(keys.stsEndpoint(), service.stsEndpoint(), "destination.auth.stsEndpoint",
                        ConnectConfigMapper.SERVICE_STS_ENDPOINT_NOTE);
            }
            if (!config.config().containsKey(keys.regionId())) {
                config.putFromService(keys.regionId(), service.regionId(), config.fieldOf(keys.regionId(), "destination.auth"),
                        ConnectConfigMapper.SERVICE_REGION_NOTE);
            }
            // the service's own AccessKey only calls AssumeRole; the sink writes with the role's temporary credentials
            config.putFromService(keys.accessKeyId(), service.accessKeyId(), "destination.auth",
                            ConnectConfigMapper.SERVICE_KEY_NOTE)
                    .putFromService(keys.accessKeySecret(), ConnectConfigMapper.serviceSecretReference(service, secrets),
                            "destination.auth", ConnectConfigMapper.SERVICE_KEY_NOTE);
        }
    }
}
