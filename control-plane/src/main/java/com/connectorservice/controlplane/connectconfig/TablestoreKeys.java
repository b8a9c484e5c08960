package com.connectorservice.controlplane.connectconfig;

import static com.connectorservice.controlplane.connectconfig.ConnectConfigMapper.commaList;
import static com.connectorservice.controlplane.connectconfig.ConnectConfigMapper.lower;
import static com.connectorservice.controlplane.connectconfig.ConnectConfigMapper.putIfPresent;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.controlplane.connector.TablestoreDestination;
import com.connectorservice.controlplane.connector.TablestoreDestination.PrimaryKeyColumn;

/** Tablestore destination fields onto the Tablestore sink's keys ({@code TablestoreSinkConfig}, seed 003). */
final class TablestoreKeys {

    private TablestoreKeys() {
    }

    static void put(TablestoreDestination destination, ConnectConfigMapper.ServiceIdentity service, Map<String, String> config,
            Map<String, String> secrets) {
        config.put("connector.class", ConnectConfigMapper.TABLESTORE_CONNECTOR);
        // the sink parses STRING/JSON keys and values from text
        config.put("key.converter", ConnectConfigMapper.STRING_CONVERTER);
        config.put("value.converter", ConnectConfigMapper.STRING_CONVERTER);
        putIfPresent(config, "tablestore.endpoint", destination.endpoint());
        putIfPresent(config, "tablestore.instance.name", destination.instanceName());
        if (destination.auth() instanceof DestinationAuth.AccessKey key) {
            config.put("tablestore.auth.mode", "aksk");
            putIfPresent(config, "tablestore.access.key.id", key.accessKeyId());
            config.put("tablestore.access.key.secret", ConnectConfigMapper.secretReference(key, secrets));
        } else if (destination.auth() instanceof DestinationAuth.RamRole role) {
            config.put("tablestore.auth.mode", "sts");
            putIfPresent(config, "account.id", role.accountId());
            putIfPresent(config, "role.name", role.roleName());
            putIfPresent(config, "sts.endpoint", role.stsEndpoint() != null ? role.stsEndpoint() : service.stsEndpoint());
            putIfPresent(config, "region", service.regionId());
            // the service's own AccessKey only calls AssumeRole; writes use the role's temporary credentials
            putIfPresent(config, "tablestore.access.key.id", service.accessKeyId());
            putIfPresent(config, "tablestore.access.key.secret", ConnectConfigMapper.serviceSecretReference(service, secrets));
        }
        config.put("tablestore.mode", destination.model() == TablestoreDestination.Model.TIMESERIES ? "timeseries" : "normal");
        putIfPresent(config, "auto.create", destination.autoCreateTable());
        putIfPresent(config, "table.name.format", destination.tableName());
        putIfPresent(config, "message.key.format", destination.keyFormat());
        putIfPresent(config, "message.value.format", destination.valueFormat());
        putIfPresent(config, "json.field.conversion", destination.jsonConversion());
        if (destination.primaryKeyMode() != null) {
            config.put("primarykey.mode", lower(destination.primaryKeyMode()));
        }
        List<PrimaryKeyColumn> columns = destination.primaryKeyColumns() == null ? List.of() : destination.primaryKeyColumns();
        if (!columns.isEmpty()) {
            config.put("primarykey.name", commaList(columns.stream().map(PrimaryKeyColumn::name).toList()));
            config.put("primarykey.type", commaList(columns.stream()
                    .map(c -> c.type() == null ? "string" : lower(c.type())).toList()));
        }
        if (destination.writeMode() != null) {
            config.put("insert.mode", lower(destination.writeMode()));
        }
        if (destination.deleteMode() != null) {
            config.put("delete.mode", lower(destination.deleteMode()));
        }
        if (destination.timeseries() != null) {
            putTimeseries(destination.timeseries(), config);
        }
    }

    private static void putTimeseries(TablestoreDestination.Timeseries timeseries, Map<String, String> config) {
        putIfPresent(config, "tablestore.timeseries.measurement", timeseries.metricNameField());
        putIfPresent(config, "tablestore.timeseries.dataSource", timeseries.dataSourceField());
        config.put("tablestore.timeseries.tags", commaList(timeseries.tagFields()));
        putIfPresent(config, "tablestore.timeseries.time", timeseries.timestampField());
        putIfPresent(config, "tablestore.timeseries.time.unit", timeseries.timestampUnit());
        putIfPresent(config, "tablestore.timeseries.mapAll", timeseries.mapAllFields());
        if (timeseries.fieldTypes() != null && !timeseries.fieldTypes().isEmpty()) {
            List<String> names = new ArrayList<>(timeseries.fieldTypes().keySet());
            config.put("tablestore.timeseries.field.name", commaList(names));
            config.put("tablestore.timeseries.field.type", commaList(names.stream()
                    .map(n -> lower(timeseries.fieldTypes().get(n))).toList()));
        }
    }
}
