package com.connectorservice.controlplane.connectconfig;

import static com.connectorservice.controlplane.connectconfig.ConnectConfigMapper.putIfPresent;

import java.util.Map;

import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.controlplane.connector.MaxComputeDestination;

/** MaxCompute destination fields onto seed 001's plugin keys ({@code MaxComputeSinkConfig}). */
final class MaxComputeKeys {

    private MaxComputeKeys() {
    }

    static void put(MaxComputeDestination destination, ConnectConfigMapper.ServiceIdentity service, Map<String, String> config,
            Map<String, String> secrets) {
        config.put("connector.class", ConnectConfigMapper.MAXCOMPUTE_CONNECTOR);
        // BINARY writes the record bytes as they are; the other formats read text (seed 001 uses StringConverter)
        String converter = destination.format() == MaxComputeDestination.Format.BINARY
                ? ConnectConfigMapper.BYTE_ARRAY_CONVERTER : ConnectConfigMapper.STRING_CONVERTER;
        config.put("key.converter", converter);
        config.put("value.converter", converter);
        putIfPresent(config, "endpoint", destination.endpoint());
        putIfPresent(config, "tunnel_endpoint", destination.tunnelEndpoint());
        putIfPresent(config, "project", destination.project());
        putIfPresent(config, "schema", destination.schema());
        putIfPresent(config, "table", destination.table());
        putIfPresent(config, "region_id", destination.region());
        putIfPresent(config, "mode", destination.mode());
        putIfPresent(config, "format", destination.format());
        putIfPresent(config, "partition_window_type", destination.partitionWindow());
        putIfPresent(config, "time_zone", destination.timeZone());
        putIfPresent(config, "use_streaming", destination.useStreaming());
        putIfPresent(config, "buffer_size_kb", destination.bufferSizeKb());
        putIfPresent(config, "sink_pool_size", destination.sinkPoolSize());
        putIfPresent(config, "record_batch_size", destination.recordBatchSize());
        if (destination.auth() instanceof DestinationAuth.AccessKey key) {
            config.put("account_type", "ALIYUN");
            putIfPresent(config, "access_id", key.accessKeyId());
            config.put("access_key", ConnectConfigMapper.secretReference(key, secrets));
        } else if (destination.auth() instanceof DestinationAuth.RamRole role) {
            config.put("account_type", "STS");
            putIfPresent(config, "account_id", role.accountId());
            putIfPresent(config, "role_name", role.roleName());
            putIfPresent(config, "sts.endpoint", role.stsEndpoint() != null ? role.stsEndpoint() : service.stsEndpoint());
            putIfPresent(config, "client_timeout_ms", role.clientTimeoutMs());
            if (destination.region() == null) {
                putIfPresent(config, "region_id", service.regionId());
            }
            // the service's own AccessKey is the caller that assumes the user's role
            putIfPresent(config, "access_id", service.accessKeyId());
            putIfPresent(config, "access_key", ConnectConfigMapper.serviceSecretReference(service, secrets));
        }
    }
}
