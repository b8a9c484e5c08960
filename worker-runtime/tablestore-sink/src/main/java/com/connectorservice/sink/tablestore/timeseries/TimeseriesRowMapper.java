package com.connectorservice.sink.tablestore.timeseries;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.apache.kafka.connect.sink.SinkRecord;

import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.timeseries.TimeseriesKey;
import com.alicloud.openservices.tablestore.model.timeseries.TimeseriesRow;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.TimeseriesFieldType;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.TimestampUnit;
import com.connectorservice.sink.tablestore.JsonField;
import com.connectorservice.sink.tablestore.JsonMessages;
import com.connectorservice.sink.tablestore.TablestoreSinkConfig;
import com.connectorservice.sink.tablestore.UnwritableRecordException;

/**
 * Turns a JSON record value into a time series row: metric name, data source and tags identify the
 * time series, the timestamp field gives the time in microseconds, and the remaining fields (all of
 * them, numbers as double, or the configured ones with their types) become data fields.
 */
public final class TimeseriesRowMapper {

    private final String measurementField;
    private final String dataSourceField;
    private final List<String> tagFields;
    private final String timeField;
    private final TimestampUnit unit;
    private final boolean mapAll;
    private final Map<String, TimeseriesFieldType> fieldTypes;
    private final boolean lowerCase;
    private final Set<String> identityFields = new HashSet<>();

    public TimeseriesRowMapper(TablestoreSinkConfig config) {
        this.measurementField = config.measurementField();
        this.dataSourceField = config.dataSourceField();
        this.tagFields = config.tagFields();
        this.timeField = config.timeField();
        this.unit = config.timestampUnit();
        this.mapAll = config.mapAllFields();
        this.fieldTypes = config.timeseriesFields();
        this.lowerCase = config.lowerCaseFieldNames();
        identityFields.add(measurementField);
        identityFields.add(dataSourceField);
        identityFields.addAll(tagFields);
        identityFields.add(timeField);
    }

    /** @throws UnwritableRecordException when the record can never become a time series row */
    public TimeseriesRow toRow(SinkRecord record) {
        if (record.value() == null) {
            throw new UnwritableRecordException("The record has no value; a time series row needs at least the metric"
                    + " name and timestamp fields");
        }
        Map<String, JsonField> value = JsonMessages.object(record.value(), "value");
        TimeseriesRow row = new TimeseriesRow(new TimeseriesKey(measurement(record, value), dataSource(value), tags(value)),
                timeInMicros(value));
        if (mapAll) {
            for (Map.Entry<String, JsonField> field : value.entrySet()) {
                if (!identityFields.contains(field.getKey()) && !JsonMessages.isNull(field.getValue())) {
                    row.addField(fieldName(field.getKey()), JsonMessages.autoTyped(field.getValue()));
                }
            }
        } else {
            fieldTypes.forEach((name, type) -> {
                JsonField field = value.get(name);
                if (!JsonMessages.isNull(field)) {
                    row.addField(fieldName(name), typed(name, field, type));
                }
            });
        }
        if (row.getFields().isEmpty()) {
            throw new UnwritableRecordException("The record has no data field to write (all are missing or null); "
                    + (mapAll ? "fields other than metric name, data source, tags and time are written"
                    : "configured fields: " + fieldTypes.keySet()));
        }
        return row;
    }

    private String measurement(SinkRecord record, Map<String, JsonField> value) {
        if (TablestoreSinkSpec.TOPIC_PLACEHOLDER.equals(measurementField)) {
            return record.topic();
        }
        JsonField field = value.get(measurementField);
        String name = JsonMessages.isNull(field) ? "" : field.text();
        if (name.isEmpty()) {
            throw new UnwritableRecordException("Metric name field '" + measurementField + "' is missing or empty");
        }
        return name;
    }

    private String dataSource(Map<String, JsonField> value) {
        JsonField field = dataSourceField.isEmpty() ? null : value.get(dataSourceField);
        return JsonMessages.isNull(field) ? "" : field.text();
    }

    private Map<String, String> tags(Map<String, JsonField> value) {
        Map<String, String> tags = new TreeMap<>();
        for (String tag : tagFields) {
            JsonField field = value.get(tag);
            if (!JsonMessages.isNull(field)) {
                tags.put(tag, field.text());
            }
        }
        return tags;
    }

    private long timeInMicros(Map<String, JsonField> value) {
        JsonField field = value.get(timeField);
        if (JsonMessages.isNull(field)) {
            throw new UnwritableRecordException("Timestamp field '" + timeField + "' is missing or null");
        }
        try {
            return unit.toMicros(JsonMessages.integer(field, timeField));
        } catch (ArithmeticException e) {
            throw new UnwritableRecordException("Timestamp field '" + timeField + "' does not fit in microseconds: " + field.json());
        }
    }

    private String fieldName(String name) {
        return lowerCase ? name.toLowerCase(Locale.ROOT) : name;
    }

    private static ColumnValue typed(String name, JsonField field, TimeseriesFieldType type) {
        String text = field.text();
        try {
            return switch (type) {
                case DOUBLE -> ColumnValue.fromDouble(Double.parseDouble(text.trim()));
                case INTEGER -> ColumnValue.fromLong(JsonMessages.integer(field, name));
                case STRING -> ColumnValue.fromString(text);
                case BINARY -> ColumnValue.fromBinary(text.getBytes(StandardCharsets.UTF_8));
                case BOOLEAN -> ColumnValue.fromBoolean(bool(name, text));
            };
        } catch (NumberFormatException e) {
            throw new UnwritableRecordException("Field '" + name + "' is not a " + type.name().toLowerCase(Locale.ROOT)
                    + ": " + field.json());
        }
    }

    private static boolean bool(String name, String text) {
        if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new UnwritableRecordException("Field '" + name + "' is not a boolean: " + text);
    }
}
