package com.connectorservice.sink.tablestore;

import org.apache.kafka.connect.connector.Task;

import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec;
import com.connectorservice.sink.common.SpecSinkConnector;

/**
 * Exports Kafka topics into Tablestore wide column or time series tables (the managed product's
 * "Tablestore sink connector"). Every setting is in {@link TablestoreSinkSpec}.
 */
public final class TablestoreSinkConnector extends SpecSinkConnector {

    static final String VERSION = versionOf(TablestoreSinkConnector.class);

    public TablestoreSinkConnector() {
        super(TablestoreSinkSpec.CONFIG_DEF, TablestoreSinkSpec::problems, TablestoreSinkConfig::new);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return TablestoreSinkTask.class;
    }
}
