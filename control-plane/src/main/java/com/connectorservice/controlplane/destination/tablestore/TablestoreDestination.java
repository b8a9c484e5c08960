package com.connectorservice.controlplane.destination.tablestore;

import java.util.List;
import java.util.Map;

import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.DeleteMode;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.JsonConversion;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.MessageFormat;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.PrimaryKeyMode;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.PrimaryKeyType;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.TimeseriesFieldType;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.TimestampUnit;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.WriteMode;
import com.connectorservice.controlplane.connector.Destination;
import com.connectorservice.controlplane.connector.DestinationAuth;

/**
 * A Tablestore table (seed 003's destination step). Values and defaults are the sink's ({@link TablestoreSinkSpec});
 * the model is named as the console names it (WIDE_COLUMN is the sink's {@code normal}).
 */
public record TablestoreDestination(String endpoint, String instanceName, DestinationAuth auth, Boolean autoCreateTable,
        String tableName, Model model, MessageFormat keyFormat, MessageFormat valueFormat, JsonConversion jsonConversion,
        PrimaryKeyMode primaryKeyMode, List<PrimaryKeyColumn> primaryKeyColumns, WriteMode writeMode,
        DeleteMode deleteMode, Timeseries timeseries) implements Destination {

    public static final String TYPE = "TABLESTORE";

    public enum Model { WIDE_COLUMN, TIMESERIES }

    /** A primary key column: a field of the JSON key (RECORD_KEY) or value (RECORD_VALUE). */
    public record PrimaryKeyColumn(String name, PrimaryKeyType type) {
    }

    /** Mapping of JSON values onto the time series model. */
    public record Timeseries(String metricNameField, String dataSourceField, List<String> tagFields, String timestampField,
            TimestampUnit timestampUnit, Boolean mapAllFields, Map<String, TimeseriesFieldType> fieldTypes) {

        Timeseries withDefaults() {
            return new Timeseries(metricNameField, dataSourceField, tagFields == null ? List.of() : tagFields, timestampField,
                    timestampUnit == null ? TablestoreSinkSpec.TS_TIME_UNIT_DEFAULT : timestampUnit,
                    mapAllFields == null ? TablestoreSinkSpec.TS_MAP_ALL_DEFAULT : mapAllFields,
                    fieldTypes == null ? Map.of() : fieldTypes);
        }
    }

    @Override
    public TablestoreDestination withAuth(DestinationAuth newAuth) {
        return new TablestoreDestination(endpoint, instanceName, newAuth, autoCreateTable, tableName, model, keyFormat,
                valueFormat, jsonConversion, primaryKeyMode, primaryKeyColumns, writeMode, deleteMode, timeseries);
    }

    @Override
    public TablestoreDestination withDefaults() {
        Model effectiveModel = model == null ? Model.WIDE_COLUMN : model;
        return new TablestoreDestination(endpoint, instanceName, auth,
                autoCreateTable == null ? TablestoreSinkSpec.AUTO_CREATE_DEFAULT : autoCreateTable, tableName, effectiveModel,
                keyFormat == null ? TablestoreSinkSpec.KEY_FORMAT_DEFAULT : keyFormat,
                valueFormat == null ? TablestoreSinkSpec.VALUE_FORMAT_DEFAULT : valueFormat,
                jsonConversion == null ? TablestoreSinkSpec.JSON_CONVERSION_DEFAULT : jsonConversion,
                primaryKeyMode == null ? TablestoreSinkSpec.PRIMARY_KEY_MODE_DEFAULT : primaryKeyMode,
                primaryKeyColumns == null ? List.of() : primaryKeyColumns,
                writeMode == null ? TablestoreSinkSpec.WRITE_MODE_DEFAULT : writeMode,
                deleteMode == null ? TablestoreSinkSpec.DELETE_MODE_DEFAULT : deleteMode,
                timeseries == null ? null : timeseries.withDefaults());
    }
}
