package com.connectorservice.sink.tablestore;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;

import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.TableStoreException;
import com.alicloud.openservices.tablestore.model.Column;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.DescribeTableRequest;
import com.alicloud.openservices.tablestore.model.GetRangeRequest;
import com.alicloud.openservices.tablestore.model.GetRangeResponse;
import com.alicloud.openservices.tablestore.model.PrimaryKey;
import com.alicloud.openservices.tablestore.model.PrimaryKeyBuilder;
import com.alicloud.openservices.tablestore.model.PrimaryKeyColumn;
import com.alicloud.openservices.tablestore.model.PrimaryKeySchema;
import com.alicloud.openservices.tablestore.model.PrimaryKeyValue;
import com.alicloud.openservices.tablestore.model.RangeRowQueryCriteria;
import com.alicloud.openservices.tablestore.model.Row;

/** Reads whole wide column tables back through the SDK, as plain Java values for assertions. */
final class TablestoreReader {

    private final SyncClient client;

    TablestoreReader(SyncClient client) {
        this.client = client;
    }

    /**
     * Rows by their primary key values joined with "|", each a map of column name to value
     * (String, Double, Long, Boolean or byte[]); empty when the table does not exist yet.
     */
    Map<String, Map<String, Object>> rows(String table) {
        List<String> keyNames;
        try {
            keyNames = client.describeTable(new DescribeTableRequest(table)).getTableMeta().getPrimaryKeyList().stream()
                    .map(PrimaryKeySchema::getName).toList();
        } catch (TableStoreException e) {
            if ("OTSObjectNotExist".equals(e.getErrorCode())) {
                return Map.of();
            }
            throw e;
        }
        RangeRowQueryCriteria criteria = new RangeRowQueryCriteria(table);
        criteria.setMaxVersions(1);
        criteria.setInclusiveStartPrimaryKey(bound(keyNames, PrimaryKeyValue.INF_MIN));
        criteria.setExclusiveEndPrimaryKey(bound(keyNames, PrimaryKeyValue.INF_MAX));
        Map<String, Map<String, Object>> rows = new TreeMap<>();
        while (true) {
            GetRangeResponse response = client.getRange(new GetRangeRequest(criteria));
            for (Row row : response.getRows()) {
                StringJoiner key = new StringJoiner("|");
                for (PrimaryKeyColumn column : row.getPrimaryKey().getPrimaryKeyColumns()) {
                    key.add(column.getValue().toString());
                }
                Map<String, Object> columns = new LinkedHashMap<>();
                for (Column column : row.getColumns()) {
                    columns.put(column.getName(), javaValue(column.getValue()));
                }
                rows.put(key.toString(), columns);
            }
            if (response.getNextStartPrimaryKey() == null) {
                return rows;
            }
            criteria.setInclusiveStartPrimaryKey(response.getNextStartPrimaryKey());
        }
    }

    private static PrimaryKey bound(List<String> names, PrimaryKeyValue value) {
        PrimaryKeyBuilder builder = PrimaryKeyBuilder.createPrimaryKeyBuilder();
        names.forEach(name -> builder.addPrimaryKeyColumn(name, value));
        return builder.build();
    }

    static Object javaValue(ColumnValue value) {
        return switch (value.getType()) {
            case STRING -> value.asString();
            case INTEGER -> value.asLong();
            case DOUBLE -> value.asDouble();
            case BOOLEAN -> value.asBoolean();
            case BINARY -> value.asBinary();
            default -> value.toString();
        };
    }

    static List<String> names(Map<String, Map<String, Object>> rows) {
        return new ArrayList<>(rows.keySet());
    }
}
