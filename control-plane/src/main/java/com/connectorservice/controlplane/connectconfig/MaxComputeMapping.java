package com.connectorservice.controlplane.connectconfig;

import static com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec.*;

import java.util.List;
import java.util.Map;

import com.connectorservice.contracts.sink.ConfigProblem;
import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec;
import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.controlplane.connector.MaxComputeDestination;

/** A MaxCompute destination onto the MaxCompute sink's keys (seed 001's, {@link MaxComputeSinkSpec}). */
final class MaxComputeMapping {

    private MaxComputeMapping() {
    }

    static void write(MaxComputeDestination destination, ConnectConfigMapper.ServiceIdentity service, SinkConfigWriter config,
            Map<String, String> secrets) {
        config.putConnect(ConnectConfigMapper.CONNECTOR_CLASS, CONNECTOR_CLASS);
        // BINARY writes the record bytes as they are; the other formats read text (seed 001 uses StringConverter)
        String converter = destination.format() == Format.BINARY
                ? ConnectConfigMapper.BYTE_ARRAY_CONVERTER : ConnectConfigMapper.STRING_CONVERTER;
        config.putConnect(ConnectConfigMapper.KEY_CONVERTER, converter);
        config.putConnect(ConnectConfigMapper.VALUE_CONVERTER, converter);
        config.put(ENDPOINT, destination.endpoint(), "destination.endpoint")
                .put(TUNNEL_ENDPOINT, destination.tunnelEndpoint(), "destination.tunnelEndpoint")
                .put(PROJECT, destination.project(), "destination.project")
                .put(SCHEMA, destination.schema(), "destination.schema")
                .put(TABLE, destination.table(), "destination.table")
                .put(REGION_ID, destination.region(), "destination.region")
                .put(MODE, destination.mode(), "destination.mode")
                .put(FORMAT, destination.format(), "destination.format")
                .put(PARTITION_WINDOW_TYPE, destination.partitionWindow(), "destination.partitionWindow")
                .put(TIME_ZONE, destination.timeZone(), "destination.timeZone")
                .put(USE_STREAMING, destination.useStreaming(), "destination.useStreaming")
                .put(BUFFER_SIZE_KB, destination.bufferSizeKb(), "destination.bufferSizeKb")
                .put(SINK_POOL_SIZE, destination.sinkPoolSize(), "destination.sinkPoolSize")
                .put(RECORD_BATCH_SIZE, destination.recordBatchSize(), "destination.recordBatchSize");
        MaxComputeDestination.ChangeData changeData = destination.changeData();
        if (changeData != null) {
            config.put(AUTO_CREATE_TABLE, changeData.autoCreateTable(), "destination.changeData.autoCreateTable")
                    .put(BUCKETS_NUM, changeData.bucketsNum(), "destination.changeData.bucketsNum")
                    .put(COMPRESS_ALGORITHM, changeData.compressAlgorithm(), "destination.changeData.compressAlgorithm")
                    .put(TOTAL_BUFFER_SIZE, changeData.totalBufferSize(), "destination.changeData.totalBufferSize")
                    .put(BUCKET_BUFFER_SIZE, changeData.bucketBufferSize(), "destination.changeData.bucketBufferSize")
                    .put(COMMIT_THREAD_NUM, changeData.commitThreadNum(), "destination.changeData.commitThreadNum")
                    .put(FLUSH_CONCURRENT_NUM, changeData.flushConcurrentNum(),
                            "destination.changeData.flushConcurrentNum")
                    .put(QUOTA_NAME, changeData.quotaName(), "destination.changeData.quotaName");
        }
        if (destination.auth() instanceof DestinationAuth.AccessKey) {
            config.put(ACCOUNT_TYPE, AccountType.ALIYUN, "destination.auth.type");
        } else if (destination.auth() instanceof DestinationAuth.RamRole role) {
            config.put(ACCOUNT_TYPE, AccountType.STS, "destination.auth.type")
                    .put(CLIENT_TIMEOUT_MS, role.clientTimeoutMs(), "destination.auth.clientTimeoutMs");
        }
        CredentialsMapping.write(destination.auth(), STS_KEYS, service, config, secrets);
    }

    static List<ConfigProblem> problems(Map<String, String> config) {
        return MaxComputeSinkSpec.problems(config);
    }
}
