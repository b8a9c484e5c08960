package com.connectorservice.emulator.tablestore;

import com.alicloud.openservices.tablestore.ClientException;
import com.alicloud.openservices.tablestore.core.protocol.timeseries.Timeseries;
import com.alicloud.openservices.tablestore.core.protocol.timeseries.TimeseriesProtocolBuilder;
import com.alicloud.openservices.tablestore.core.protocol.timeseries.TimeseriesResponseFactory;
import com.alicloud.openservices.tablestore.core.protocol.timeseries.flatbuffer.DataType;
import com.alicloud.openservices.tablestore.core.protocol.timeseries.flatbuffer.FieldValues;
import com.alicloud.openservices.tablestore.core.protocol.timeseries.flatbuffer.FlatBufferRowGroup;
import com.alicloud.openservices.tablestore.core.protocol.timeseries.flatbuffer.FlatBufferRowInGroup;
import com.alicloud.openservices.tablestore.core.protocol.timeseries.flatbuffer.FlatBufferRows;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.aliyun.ots.thirdparty.com.google.protobuf.ByteString;
import com.aliyun.ots.thirdparty.com.google.protobuf.InvalidProtocolBufferException;
import com.aliyun.ots.thirdparty.com.google.protobuf.Message;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.zip.CRC32C;

/**
 * The time series operations: tables, PutTimeseriesData (FlatBuffers in), GetTimeseriesData, and the timeline meta
 * (QueryTimeseriesMeta, UpdateTimeseriesMeta, DeleteTimeseriesMeta).
 */
final class TimeseriesApi {
    static final int MAX_GET_ROWS = 5000;
    static final int DEFAULT_META_LIMIT = 100;
    static final int MAX_META_LIMIT = 1000;

    private TimeseriesApi() {
    }

    static void register(Map<String, Operation> operations) {
        operations.put("CreateTimeseriesTable", (instance, body) -> createTable(instance,
                Timeseries.CreateTimeseriesTableRequest.parseFrom(body)));
        operations.put("DescribeTimeseriesTable", (instance, body) -> Timeseries.DescribeTimeseriesTableResponse
                .newBuilder().setTableMeta(instance.timeseriesTable(
                        Timeseries.DescribeTimeseriesTableRequest.parseFrom(body).getTableName()).meta()).build());
        operations.put("ListTimeseriesTable", (instance, body) -> Timeseries.ListTimeseriesTableResponse.newBuilder()
                .addAllTableMetas(instance.timeseriesTables().stream().map(TimeseriesTable::meta).toList()).build());
        operations.put("DeleteTimeseriesTable", (instance, body) -> {
            instance.deleteTimeseriesTable(Timeseries.DeleteTimeseriesTableRequest.parseFrom(body).getTableName());
            return Timeseries.DeleteTimeseriesTableResponse.getDefaultInstance();
        });
        operations.put("PutTimeseriesData", (instance, body) -> putData(instance,
                Timeseries.PutTimeseriesDataRequest.parseFrom(body)));
        operations.put("GetTimeseriesData", (instance, body) -> getData(instance,
                Timeseries.GetTimeseriesDataRequest.parseFrom(body)));
        operations.put("QueryTimeseriesMeta", (instance, body) -> queryMeta(instance,
                Timeseries.QueryTimeseriesMetaRequest.parseFrom(body)));
        operations.put("UpdateTimeseriesMeta", (instance, body) -> updateMeta(instance,
                Timeseries.UpdateTimeseriesMetaRequest.parseFrom(body)));
        operations.put("DeleteTimeseriesMeta", (instance, body) -> deleteMeta(instance,
                Timeseries.DeleteTimeseriesMetaRequest.parseFrom(body)));
    }

    private static Message createTable(Instance instance, Timeseries.CreateTimeseriesTableRequest request) {
        Timeseries.TimeseriesTableMeta meta = request.getTableMeta();
        WideColumnApi.checkName("table name", meta.getTableName());
        if (meta.getTimeseriesKeySchemaCount() > 0 || meta.getFieldPrimaryKeySchemaCount() > 0) {
            throw OtsException.unsupported("The emulator does not support custom timeline keys or field primary keys.");
        }
        if (request.getLastpointIndexMetasCount() > 0 || request.getAnalyticalStoresCount() > 0) {
            throw OtsException.unsupported("The emulator does not support lastpoint indexes or analytical stores.");
        }
        int ttl = meta.getTableOptions().hasTimeToLive() ? meta.getTableOptions().getTimeToLive() : -1;
        if (ttl == 0 || ttl < -1) {
            throw OtsException.parameterInvalid("time_to_live must be -1 or positive, it is " + ttl + ".");
        }
        instance.createTimeseriesTable(meta.toBuilder().setStatus("CREATED")
                .setTableOptions(meta.getTableOptions().toBuilder().setTimeToLive(ttl)).build());
        return Timeseries.CreateTimeseriesTableResponse.getDefaultInstance();
    }

    // ---------------------------------------------------------------- writes

    private static Message putData(Instance instance, Timeseries.PutTimeseriesDataRequest request) {
        TimeseriesTable table = instance.timeseriesTable(request.getTableName());
        Timeseries.TimeseriesRows rows = request.getRowsData();
        if (rows.getType() != Timeseries.RowsSerializeType.RST_FLAT_BUFFER) {
            throw OtsException.unsupported("The emulator only accepts FlatBuffer time series rows.");
        }
        byte[] data = rows.getRowsData().toByteArray();
        if (rows.hasFlatbufferCrc32C()) {
            CRC32C crc = new CRC32C();
            crc.update(data);
            if ((int) crc.getValue() != rows.getFlatbufferCrc32C()) {
                throw OtsException.parameterInvalid("The crc32c of the FlatBuffer rows does not match.");
            }
        }
        FlatBufferRows decoded;
        try {
            decoded = FlatBufferRows.getRootAsFlatBufferRows(ByteBuffer.wrap(data));
        } catch (RuntimeException e) {
            throw OtsException.parameterInvalid("Invalid FlatBuffer rows: " + e.getMessage());
        }
        Timeseries.PutTimeseriesDataResponse.Builder response = Timeseries.PutTimeseriesDataResponse.newBuilder();
        List<TimeseriesTable.Point> points = new java.util.ArrayList<>();
        int index = 0;
        for (int g = 0; g < decoded.rowGroupsLength(); g++) {
            FlatBufferRowGroup group = decoded.rowGroups(g);
            for (int r = 0; r < group.rowsLength(); r++, index++) {
                try {
                    points.add(point(group, group.rows(r)));
                } catch (OtsException e) {
                    response.addFailedRows(failedRow(index, e));
                }
            }
        }
        table.putAll(points);
        return response.build();
    }

    private static TimeseriesTable.Point point(FlatBufferRowGroup group, FlatBufferRowInGroup row) {
        String measurement;
        String dataSource;
        FieldValues values;
        TreeMap<String, String> tags = new TreeMap<>();
        try {
            measurement = nullToEmpty(group.measurementName());
            dataSource = nullToEmpty(row.dataSource());
            for (int t = 0; t < row.tagListLength(); t++) {
                tags.put(row.tagList(t).name(), row.tagList(t).value());
            }
            String tagString = row.tags();
            if (tagString != null && !tagString.isEmpty()) {
                tags.putAll(parseTags(tagString));
            }
            values = row.fieldValues();
        } catch (RuntimeException e) {
            throw OtsException.parameterInvalid("Invalid FlatBuffer row: " + e.getMessage());
        }
        if (measurement.isEmpty()) {
            throw OtsException.parameterInvalid("The measurement name of a time series row must not be empty.");
        }
        if (row.time() < 0) {
            throw OtsException.parameterInvalid("The time of a time series row must not be negative: " + row.time()
                    + ".");
        }
        if (group.fieldNamesLength() == 0) {
            throw OtsException.parameterInvalid("A time series row needs at least one field.");
        }
        TreeMap<String, ColumnValue> fields = new TreeMap<>();
        int longs = 0;
        int bools = 0;
        int doubles = 0;
        int strings = 0;
        int binaries = 0;
        for (int f = 0; f < group.fieldNamesLength(); f++) {
            String name = group.fieldNames(f);
            if (name == null || name.isEmpty() || name.indexOf(':') >= 0) {
                throw OtsException.parameterInvalid("Invalid field name: '" + name + "'.");
            }
            ColumnValue value;
            try {
                switch (group.fieldTypes(f)) {
                    case DataType.LONG -> value = ColumnValue.fromLong(values.longValues(longs++));
                    case DataType.BOOLEAN -> value = ColumnValue.fromBoolean(values.boolValues(bools++));
                    case DataType.DOUBLE -> value = ColumnValue.fromDouble(values.doubleValues(doubles++));
                    case DataType.STRING -> value = ColumnValue.fromString(values.stringValues(strings++));
                    case DataType.BINARY -> {
                        ByteBuffer bytes = values.binaryValues(binaries++).valueAsByteBuffer();
                        byte[] copy = new byte[bytes == null ? 0 : bytes.remaining()];
                        if (bytes != null) {
                            bytes.get(copy);
                        }
                        value = ColumnValue.fromBinary(copy);
                    }
                    default -> throw OtsException.parameterInvalid("Unknown type " + group.fieldTypes(f)
                            + " of field '" + name + "'.");
                }
            } catch (IndexOutOfBoundsException | NullPointerException e) {
                throw OtsException.parameterInvalid("The FlatBuffer row lacks the value of field '" + name + "'.");
            }
            fields.put(name, value);
        }
        String tagString = tagsString(tags);
        return new TimeseriesTable.Point(new TimeseriesTable.TimelineKey(measurement, dataSource, tagString),
                row.time(), fields);
    }

    // ---------------------------------------------------------------- reads

    private static Message getData(Instance instance, Timeseries.GetTimeseriesDataRequest request) {
        TimeseriesTable table = instance.timeseriesTable(request.getTableName());
        TimeseriesTable.TimelineKey key = timelineKey(request.getTimeSeriesKey());
        long begin;
        long end;
        if (request.hasSpecificTime()) {
            begin = request.getSpecificTime();
            end = begin + 1;
        } else {
            begin = request.getBeginTime();
            end = request.getEndTime();
            if (begin < 0 || end <= begin) {
                throw OtsException.parameterInvalid("Invalid time range: begin_time " + begin + ", end_time " + end
                        + ".");
            }
        }
        boolean backward = request.getBackward();
        if (request.hasToken() && !request.getToken().isEmpty()) {
            if (request.getToken().size() != Long.BYTES) {
                throw OtsException.parameterInvalid("Invalid token.");
            }
            long resume = request.getToken().asReadOnlyByteBuffer().getLong();
            if (backward) {
                end = resume + 1;
            } else {
                begin = resume;
            }
        }
        int limit = WideColumnApi.limit(request.hasLimit(), request.getLimit(), MAX_GET_ROWS, MAX_GET_ROWS);
        Map<String, Byte> fieldsToGet = new HashMap<>();
        for (Timeseries.TimeseriesFieldsToGet field : request.getFieldsToGetList()) {
            fieldsToGet.put(field.getName(), (byte) field.getType());
        }
        TimeseriesTable.Slice slice = table.read(key, begin, end, backward, limit, fieldsToGet);
        Timeseries.GetTimeseriesDataResponse.Builder response = Timeseries.GetTimeseriesDataResponse.newBuilder()
                .setRowsData(PlainBuffers.writeRows(slice.rows()));
        if (slice.nextTime() != null) {
            response.setNextToken(ByteString.copyFrom(ByteBuffer.allocate(Long.BYTES).putLong(0, slice.nextTime())));
        }
        return response.build();
    }

    private static Message queryMeta(Instance instance, Timeseries.QueryTimeseriesMetaRequest request)
            throws InvalidProtocolBufferException {
        TimeseriesTable table = instance.timeseriesTable(request.getTableName());
        Predicate<Map.Entry<TimeseriesTable.TimelineKey, TimeseriesTable.Timeline>> condition =
                request.hasCondition() ? MetaCondition.of(request.getCondition()) : entry -> true;
        Predicate<Map.Entry<TimeseriesTable.TimelineKey, TimeseriesTable.Timeline>> filter =
                entry -> !entry.getValue().metaDeleted && condition.test(entry);
        List<Map.Entry<TimeseriesTable.TimelineKey, TimeseriesTable.Timeline>> matching = table.timelines(filter);
        int offset = 0;
        if (request.hasToken() && !request.getToken().isEmpty()) {
            if (request.getToken().size() != Integer.BYTES) {
                throw OtsException.parameterInvalid("Invalid token.");
            }
            offset = request.getToken().asReadOnlyByteBuffer().getInt();
        }
        int limit = WideColumnApi.limit(request.hasLimit(), request.getLimit(), DEFAULT_META_LIMIT, MAX_META_LIMIT);
        Timeseries.QueryTimeseriesMetaResponse.Builder response = Timeseries.QueryTimeseriesMetaResponse.newBuilder();
        int end = Math.min(matching.size(), offset + limit);
        for (int i = offset; i < end; i++) {
            TimeseriesTable.TimelineKey key = matching.get(i).getKey();
            TimeseriesTable.Timeline timeline = matching.get(i).getValue();
            Timeseries.TimeseriesKey.Builder pbKey = Timeseries.TimeseriesKey.newBuilder()
                    .setMeasurement(key.measurement()).setSource(key.dataSource()).setTags(key.tags());
            timeline.tags.forEach((name, value) -> pbKey.addTagList(
                    Timeseries.TimeseriesTag.newBuilder().setName(name).setValue(value)));
            response.addTimeseriesMetas(Timeseries.TimeseriesMeta.newBuilder().setTimeSeriesKey(pbKey)
                    .setAttributes(timeline.attributes.isEmpty() ? "" : tagsString(timeline.attributes))
                    .setUpdateTime(timeline.updateTimeMicros));
        }
        if (end < matching.size()) {
            response.setNextToken(ByteString.copyFrom(ByteBuffer.allocate(Integer.BYTES).putInt(0, end)));
        }
        if (request.getGetTotalHit()) {
            response.setTotalHit(matching.size());
        }
        return response.build();
    }

    private static Message updateMeta(Instance instance, Timeseries.UpdateTimeseriesMetaRequest request) {
        TimeseriesTable table = instance.timeseriesTable(request.getTableName());
        Timeseries.TimeseriesTableMeta meta = table.meta();
        boolean allowed = !meta.hasMetaOptions() || !meta.getMetaOptions().hasAllowUpdateAttributes()
                || meta.getMetaOptions().getAllowUpdateAttributes();
        Timeseries.UpdateTimeseriesMetaResponse.Builder response = Timeseries.UpdateTimeseriesMetaResponse.newBuilder();
        for (int i = 0; i < request.getTimeseriesMetaCount(); i++) {
            Timeseries.TimeseriesMeta timeline = request.getTimeseriesMeta(i);
            try {
                if (!allowed) {
                    throw OtsException.parameterInvalid("The table does not allow updating timeline attributes.");
                }
                TimeseriesTable.TimelineKey key = timelineKey(timeline.getTimeSeriesKey());
                if (key.measurement().isEmpty()) {
                    throw OtsException.parameterInvalid("The measurement name must not be empty.");
                }
                table.updateMeta(key, timeline.hasAttributes()
                        ? parseTags(timeline.getAttributes()) : new TreeMap<>());
            } catch (OtsException e) {
                response.addFailedRows(failedRow(i, e));
            }
        }
        return response.build();
    }

    private static Message deleteMeta(Instance instance, Timeseries.DeleteTimeseriesMetaRequest request) {
        TimeseriesTable table = instance.timeseriesTable(request.getTableName());
        Timeseries.DeleteTimeseriesMetaResponse.Builder response = Timeseries.DeleteTimeseriesMetaResponse.newBuilder();
        for (int i = 0; i < request.getTimeseriesKeyCount(); i++) {
            try {
                table.deleteMeta(timelineKey(request.getTimeseriesKey(i)));
            } catch (OtsException e) {
                response.addFailedRows(failedRow(i, e));
            }
        }
        return response.build();
    }

    // ---------------------------------------------------------------- helpers

    private static Timeseries.FailedRowInfo failedRow(int index, OtsException e) {
        return Timeseries.FailedRowInfo.newBuilder().setRowIndex(index).setErrorCode(e.code())
                .setErrorMessage(e.getMessage()).build();
    }

    static TimeseriesTable.TimelineKey timelineKey(Timeseries.TimeseriesKey key) {
        TreeMap<String, String> tags = new TreeMap<>();
        for (Timeseries.TimeseriesTag tag : key.getTagListList()) {
            tags.put(tag.getName(), tag.getValue());
        }
        if (key.hasTags() && !key.getTags().isEmpty()) {
            tags.putAll(parseTags(key.getTags()));
        }
        return new TimeseriesTable.TimelineKey(key.getMeasurement(), key.getSource(), tagsString(tags));
    }

    static String tagsString(SortedMap<String, String> tags) {
        try {
            return TimeseriesProtocolBuilder.buildTagsString(tags);
        } catch (IllegalArgumentException e) {
            throw OtsException.parameterInvalid("Invalid tags: " + e.getMessage());
        }
    }

    static SortedMap<String, String> parseTags(String tags) {
        try {
            return TimeseriesResponseFactory.parseTagsOrAttrs(tags);
        } catch (ClientException e) {
            throw OtsException.parameterInvalid("Invalid tags: " + tags);
        }
    }

    static byte dataType(ColumnValue value) {
        switch (value.getType()) {
            case INTEGER:
                return DataType.LONG;
            case BOOLEAN:
                return DataType.BOOLEAN;
            case DOUBLE:
                return DataType.DOUBLE;
            case STRING:
                return DataType.STRING;
            default:
                return DataType.BINARY;
        }
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
