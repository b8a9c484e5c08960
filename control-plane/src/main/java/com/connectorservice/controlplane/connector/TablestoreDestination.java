package com.connectorservice.controlplane.connector;

import java.util.List;
import java.util.Map;

/** A Tablestore table (seed 003's destination step). */
public record TablestoreDestination(String endpoint, String instanceName, DestinationAuth auth, Boolean autoCreateTable,
        String tableName, Model model, MessageFormat keyFormat, MessageFormat valueFormat, JsonConversion jsonConversion,
        PrimaryKeyMode primaryKeyMode, List<PrimaryKeyColumn> primaryKeyColumns, WriteMode writeMode,
        DeleteMode deleteMode, Timeseries timeseries) implements Destination {

    public static final int MAX_PRIMARY_KEY_COLUMNS = 4;

    public enum Model { WIDE_COLUMN, TIMESERIES }

    public enum MessageFormat { STRING, JSON }

    public enum JsonConversion { ALL_STRING, AUTO_TYPE }

    /** KAFKA: topic_partition and offset form the key; RECORD_KEY/RECORD_VALUE: fields of the JSON key/value. */
    public enum PrimaryKeyMode { KAFKA, RECORD_KEY, RECORD_VALUE }

    public enum WriteMode { PUT, UPDATE }

    public enum DeleteMode { NONE, ROW, COLUMN, ROW_AND_COLUMN }

    public record PrimaryKeyColumn(String name, ColumnType type) {

        public enum ColumnType { STRING, INTEGER }
    }

    /** Mapping of JSON values onto the time series model. */
    public record Timeseries(String metricNameField, String dataSourceField, List<String> tagFields, String timestampField,
            TimestampUnit timestampUnit, Boolean mapAllFields, Map<String, FieldType> fieldTypes) {

        public enum TimestampUnit { SECONDS, MILLISECONDS, MICROSECONDS, NANOSECONDS }

        public enum FieldType { DOUBLE, INTEGER, STRING, BINARY, BOOLEAN }

        Timeseries withDefaults() {
            return new Timeseries(metricNameField, dataSourceField, tagFields == null ? List.of() : tagFields, timestampField,
                    timestampUnit == null ? TimestampUnit.MILLISECONDS : timestampUnit,
                    mapAllFields == null ? Boolean.TRUE : mapAllFields, fieldTypes == null ? Map.of() : fieldTypes);
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
                autoCreateTable == null ? Boolean.FALSE : autoCreateTable, tableName, effectiveModel,
                keyFormat == null ? MessageFormat.JSON : keyFormat,
                valueFormat == null ? MessageFormat.JSON : valueFormat,
                jsonConversion == null ? JsonConversion.ALL_STRING : jsonConversion,
                primaryKeyMode == null ? PrimaryKeyMode.KAFKA : primaryKeyMode,
                primaryKeyColumns == null ? List.of() : primaryKeyColumns,
                writeMode == null ? WriteMode.PUT : writeMode,
                deleteMode == null ? DeleteMode.NONE : deleteMode,
                timeseries == null ? null : timeseries.withDefaults());
    }
}
