package com.connectorservice.sink.maxcompute;

import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.errors.ConnectException;

import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec;
import com.connectorservice.sink.common.SpecSinkConnector;

/**
 * Exports Kafka topics into a partitioned MaxCompute table. Accepts the keys of the self-hosted
 * connector's {@code odps-sink-connector.json} (seed 001) as written; see {@link MaxComputeSinkSpec}.
 */
public class MaxComputeSinkConnector extends SpecSinkConnector {

    static final String VERSION = versionOf(MaxComputeSinkConnector.class);

    public MaxComputeSinkConnector() {
        super(MaxComputeSinkSpec.CONFIG_DEF, MaxComputeSinkSpec::problems, MaxComputeSinkConfig::new);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return MaxComputeSinkTask.class;
    }

    /**
     * Offsets reset or altered through Connect's REST API (KIP-875, connector stopped): the partitions' rows in the
     * commit log ({@link ConnectorOffsetsTable}) are deleted, so the tasks resume from the offsets Connect now holds
     * instead of after the last recorded batch.
     */
    @Override
    public boolean alterOffsets(Map<String, String> connectorConfig, Map<TopicPartition, Long> offsets) {
        MaxComputeSinkConfig config = new MaxComputeSinkConfig(connectorConfig);
        MaxComputeTable table = new MaxComputeTable(config);
        try {
            Optional<ConnectorOffsetsTable> commitLog = ConnectorOffsetsTable.open(table,
                    connectorConfig.getOrDefault("name", MaxComputeSinkTask.DEFAULT_NAME));
            if (commitLog.isPresent()) {
                try (ConnectorOffsetsTable log = commitLog.get()) {
                    log.forget(offsets.keySet());
                }
            }
            return true;
        } catch (Exception e) {
            throw new ConnectException("Cannot delete the connector's rows in " + ConnectorOffsetsTable.TABLE + ": "
                    + e.getMessage(), e);
        } finally {
            table.close();
        }
    }
}
