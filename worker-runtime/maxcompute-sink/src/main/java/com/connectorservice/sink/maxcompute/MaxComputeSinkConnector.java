package com.connectorservice.sink.maxcompute;

import org.apache.kafka.connect.connector.Task;

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
}
