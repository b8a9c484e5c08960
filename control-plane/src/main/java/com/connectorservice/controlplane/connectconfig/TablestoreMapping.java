package com.connectorservice.controlplane.connectconfig;

import static com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.connectorservice.contracts.sink.Choice;
import com.connectorservice.contracts.sink.ConfigProblem;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec;
import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.controlplane.connector.TablestoreDestination;
import com.connectorservice.controlplane.connector.TablestoreDestination.PrimaryKeyColumn;

/** A Tablestore destination onto the Tablestore sink's keys ({@link TablestoreSinkSpec}, seed 003). */
final class TablestoreMapping {

    private TablestoreMapping() {
    }

    static void write(TablestoreDestination destination, ConnectConfigMapper.ServiceIdentity service, SinkConfigWriter config,
            Map<String, String> secrets) {
        config.putConnect(ConnectConfigMapper.CONNECTOR_CLASS, CONNECTOR_CLASS);
        // the sink parses STRING/JSON keys and values from text
        config.putConnect(ConnectConfigMapper.KEY_CONVERTER, ConnectConfigMapper.STRING_CONVERTER);
        config.putConnect(ConnectConfigMapper.VALUE_CONVERTER, ConnectConfigMapper.STRING_CONVERTER);
        config.put(ENDPOINT, destination.endpoint(), "destination.endpoint")
                .put(INSTANCE_NAME, destination.instanceName(), "destination.instanceName");
        if (destination.auth() instanceof DestinationAuth.AccessKey) {
            config.put(AUTH_MODE, Choice.lower(AuthMode.AKSK), "destination.auth.type");
        } else if (destination.auth() instanceof DestinationAuth.RamRole) {
            config.put(AUTH_MODE, Choice.lower(AuthMode.STS), "destination.auth.type");
        }
        CredentialsMapping.write(destination.auth(), STS_KEYS, service, config, secrets);
        config.put(TABLE_MODEL, Choice.lower(destination.model() == TablestoreDestination.Model.TIMESERIES
                        ? TableModel.TIMESERIES : TableModel.NORMAL), "destination.model")
                .put(AUTO_CREATE, destination.autoCreateTable(), "destination.autoCreateTable")
                .put(TABLE_NAME_FORMAT, destination.tableName(), "destination.tableName")
                .put(KEY_FORMAT, destination.keyFormat(), "destination.keyFormat")
                .put(VALUE_FORMAT, destination.valueFormat(), "destination.valueFormat")
                .put(JSON_CONVERSION, destination.jsonConversion(), "destination.jsonConversion")
                .put(PRIMARY_KEY_MODE, lower(destination.primaryKeyMode()), "destination.primaryKeyMode")
                .put(WRITE_MODE, lower(destination.writeMode()), "destination.writeMode")
                .put(DELETE_MODE, lower(destination.deleteMode()), "destination.deleteMode");
        List<PrimaryKeyColumn> columns = destination.primaryKeyColumns() == null ? List.of() : destination.primaryKeyColumns();
        config.putList(PRIMARY_KEY_NAMES, columns.stream().map(c -> c == null ? "" : c.name()).toList(),
                        "destination.primaryKeyColumns")
                .putList(PRIMARY_KEY_TYPES, columns.stream()
                        .map(c -> c == null || c.type() == null ? Choice.lower(PrimaryKeyType.STRING) : Choice.lower(c.type()))
                        .toList(), "destination.primaryKeyColumns");
        TablestoreDestination.Timeseries timeseries = destination.timeseries();
        if (timeseries != null) {
            config.put(TS_MEASUREMENT, timeseries.metricNameField(), "destination.timeseries.metricNameField")
                    .put(TS_DATA_SOURCE, timeseries.dataSourceField(), "destination.timeseries.dataSourceField")
                    .putList(TS_TAGS, timeseries.tagFields(), "destination.timeseries.tagFields")
                    .put(TS_TIME, timeseries.timestampField(), "destination.timeseries.timestampField")
                    .put(TS_TIME_UNIT, timeseries.timestampUnit(), "destination.timeseries.timestampUnit")
                    .put(TS_MAP_ALL, timeseries.mapAllFields(), "destination.timeseries.mapAllFields");
            Map<String, TimeseriesFieldType> fieldTypes = timeseries.fieldTypes() == null ? Map.of() : timeseries.fieldTypes();
            List<String> names = new ArrayList<>(fieldTypes.keySet());
            config.putList(TS_FIELD_NAMES, names, "destination.timeseries.fieldTypes")
                    .putList(TS_FIELD_TYPES, names.stream().map(n -> lower(fieldTypes.get(n))).toList(),
                            "destination.timeseries.fieldTypes");
        }
    }

    static List<ConfigProblem> problems(Map<String, String> config) {
        return TablestoreSinkSpec.problems(config);
    }

    private static String lower(Enum<?> value) {
        return value == null ? null : Choice.lower(value);
    }
}
