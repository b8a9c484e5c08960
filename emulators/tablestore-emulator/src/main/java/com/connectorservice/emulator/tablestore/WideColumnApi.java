package com.connectorservice.emulator.tablestore;

import com.alicloud.openservices.tablestore.core.protocol.OtsInternalApi;
import com.alicloud.openservices.tablestore.core.protocol.PlainBufferCell;
import com.alicloud.openservices.tablestore.core.protocol.PlainBufferConversion;
import com.alicloud.openservices.tablestore.core.protocol.PlainBufferRow;
import com.alicloud.openservices.tablestore.model.Column;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.PrimaryKey;
import com.alicloud.openservices.tablestore.model.PrimaryKeyValue;
import com.aliyun.ots.thirdparty.com.google.protobuf.ByteString;
import com.aliyun.ots.thirdparty.com.google.protobuf.Message;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/** The wide-column table operations, protobuf request in, protobuf response out. */
final class WideColumnApi {
    static final int MAX_PRIMARY_KEY_COLUMNS = 4;
    static final int MAX_BATCH_WRITE_ROWS = 200;
    static final int MAX_BATCH_GET_ROWS = 100;
    static final int MAX_GET_RANGE_ROWS = 5000;
    static final int MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,254}");

    private WideColumnApi() {
    }

    /** Registers every operation under its action name (the request path). */
    static void register(Map<String, Operation> operations) {
        operations.put("CreateTable", (instance, body) -> createTable(instance,
                OtsInternalApi.CreateTableRequest.parseFrom(body)));
        operations.put("DescribeTable", (instance, body) -> describeTable(instance,
                OtsInternalApi.DescribeTableRequest.parseFrom(body)));
        operations.put("ListTable", (instance, body) -> OtsInternalApi.ListTableResponse.newBuilder()
                .addAllTableNames(instance.tableNames()).build());
        operations.put("DeleteTable", (instance, body) -> {
            instance.deleteTable(OtsInternalApi.DeleteTableRequest.parseFrom(body).getTableName());
            return OtsInternalApi.DeleteTableResponse.getDefaultInstance();
        });
        operations.put("GetRow", (instance, body) -> getRow(instance, OtsInternalApi.GetRowRequest.parseFrom(body)));
        operations.put("PutRow", (instance, body) -> {
            OtsInternalApi.PutRowRequest request = OtsInternalApi.PutRowRequest.parseFrom(body);
            noTransaction(request.hasTransactionId());
            return OtsInternalApi.PutRowResponse.newBuilder().setConsumed(consumed(0, 1))
                    .setRow(writeSingle(instance.table(request.getTableName()), OtsInternalApi.OperationType.PUT,
                            request.getRow(), request.getCondition(), request.getReturnContent())).build();
        });
        operations.put("UpdateRow", (instance, body) -> {
            OtsInternalApi.UpdateRowRequest request = OtsInternalApi.UpdateRowRequest.parseFrom(body);
            noTransaction(request.hasTransactionId());
            return OtsInternalApi.UpdateRowResponse.newBuilder().setConsumed(consumed(0, 1))
                    .setRow(writeSingle(instance.table(request.getTableName()), OtsInternalApi.OperationType.UPDATE,
                            request.getRowChange(), request.getCondition(), request.getReturnContent())).build();
        });
        operations.put("DeleteRow", (instance, body) -> {
            OtsInternalApi.DeleteRowRequest request = OtsInternalApi.DeleteRowRequest.parseFrom(body);
            noTransaction(request.hasTransactionId());
            return OtsInternalApi.DeleteRowResponse.newBuilder().setConsumed(consumed(0, 1))
                    .setRow(writeSingle(instance.table(request.getTableName()), OtsInternalApi.OperationType.DELETE,
                            request.getPrimaryKey(), request.getCondition(), request.getReturnContent())).build();
        });
        operations.put("BatchGetRow", (instance, body) -> batchGetRow(instance,
                OtsInternalApi.BatchGetRowRequest.parseFrom(body)));
        operations.put("BatchWriteRow", (instance, body) -> batchWriteRow(instance,
                OtsInternalApi.BatchWriteRowRequest.parseFrom(body)));
        operations.put("BulkImport", (instance, body) -> bulkImport(instance,
                OtsInternalApi.BulkImportRequest.parseFrom(body)));
        operations.put("GetRange", (instance, body) -> getRange(instance,
                OtsInternalApi.GetRangeRequest.parseFrom(body)));
    }

    // ---------------------------------------------------------------- tables

    private static Message createTable(Instance instance, OtsInternalApi.CreateTableRequest request) {
        OtsInternalApi.TableMeta meta = request.getTableMeta();
        checkName("table name", meta.getTableName());
        int keys = meta.getPrimaryKeyCount();
        if (keys < 1 || keys > MAX_PRIMARY_KEY_COLUMNS) {
            throw OtsException.parameterInvalid("The number of primary key columns must be in range: [1, "
                    + MAX_PRIMARY_KEY_COLUMNS + "]. Current: " + keys + ".");
        }
        Set<String> names = new HashSet<>();
        for (OtsInternalApi.PrimaryKeySchema column : meta.getPrimaryKeyList()) {
            checkName("primary key column name", column.getName());
            if (!names.add(column.getName())) {
                throw OtsException.parameterInvalid("Duplicated primary key name: '" + column.getName() + "'.");
            }
            if (column.hasOption()) {
                throw OtsException.unsupported("The emulator does not support auto-increment primary key column '"
                        + column.getName() + "'.");
            }
        }
        for (OtsInternalApi.DefinedColumnSchema column : meta.getDefinedColumnList()) {
            checkName("defined column name", column.getName());
            if (!names.add(column.getName())) {
                throw OtsException.parameterInvalid("Duplicated column name: '" + column.getName() + "'.");
            }
        }
        if (request.getIndexMetasCount() > 0 || request.getEnableLocalTxn()) {
            throw OtsException.unsupported("The emulator does not support secondary indexes or local transactions.");
        }
        OtsInternalApi.TableOptions options = request.getTableOptions();
        OtsInternalApi.TableOptions.Builder normalized = options.toBuilder();
        normalized.setTimeToLive(options.hasTimeToLive() ? options.getTimeToLive() : -1);
        normalized.setMaxVersions(options.hasMaxVersions() ? options.getMaxVersions() : 1);
        normalized.setDeviationCellVersionInSec(options.hasDeviationCellVersionInSec()
                ? options.getDeviationCellVersionInSec() : 86400);
        normalized.setAllowUpdate(!options.hasAllowUpdate() || options.getAllowUpdate());
        if (normalized.getMaxVersions() < 1) {
            throw OtsException.parameterInvalid("max_versions must be at least 1, it is "
                    + normalized.getMaxVersions() + ".");
        }
        if (normalized.getTimeToLive() == 0 || normalized.getTimeToLive() < -1) {
            throw OtsException.parameterInvalid("time_to_live must be -1 or positive, it is "
                    + normalized.getTimeToLive() + ".");
        }
        instance.createTable(request.toBuilder().setTableOptions(normalized).clearPartitions().build());
        return OtsInternalApi.CreateTableResponse.getDefaultInstance();
    }

    static void checkName(String what, String name) {
        if (!validName(name)) {
            throw OtsException.parameterInvalid("Invalid " + what + ": '" + name + "'. It must match "
                    + NAME.pattern() + ".");
        }
    }

    /** {@code [A-Za-z_][A-Za-z0-9_]{0,254}}, checked without a regular expression (it runs for every cell). */
    private static boolean validName(String name) {
        if (name == null || name.isEmpty() || name.length() > 255) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean letter = c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c == '_';
            if (!letter && (i == 0 || c < '0' || c > '9')) {
                return false;
            }
        }
        return true;
    }

    private static Message describeTable(Instance instance, OtsInternalApi.DescribeTableRequest request) {
        WideColumnTable table = instance.table(request.getTableName());
        OtsInternalApi.CreateTableRequest definition = table.definition();
        return OtsInternalApi.DescribeTableResponse.newBuilder()
                .setTableMeta(definition.getTableMeta())
                .setReservedThroughputDetails(OtsInternalApi.ReservedThroughputDetails.newBuilder()
                        .setCapacityUnit(definition.getReservedThroughput().getCapacityUnit())
                        .setLastIncreaseTime(table.creationTimeMicros() / 1_000_000))
                .setTableOptions(definition.getTableOptions())
                .setStreamDetails(OtsInternalApi.StreamDetails.newBuilder().setEnableStream(false))
                .setCreationTime(table.creationTimeMicros())
                .build();
    }

    // ---------------------------------------------------------------- single rows

    private static Message getRow(Instance instance, OtsInternalApi.GetRowRequest request) {
        noTransaction(request.hasTransactionId());
        WideColumnTable table = instance.table(request.getTableName());
        PrimaryKey primaryKey = table.primaryKey(
                PlainBuffers.readSingleRow(request.getPrimaryKey(), "primary_key").getPrimaryKey(), false);
        ReadOptions options = ReadOptions.of(request.getColumnsToGetList(), request.hasTimeRange(),
                request.getTimeRange(), request.hasMaxVersions(), request.getMaxVersions(), request.getStartColumn(),
                request.getEndColumn(), request.hasFilter() ? request.getFilter() : null);
        PlainBufferRow row = table.read(primaryKey, options);
        return OtsInternalApi.GetRowResponse.newBuilder().setConsumed(consumed(1, 0))
                .setRow(row == null ? ByteString.EMPTY : PlainBuffers.writeRows(List.of(row))).build();
    }

    private static ByteString writeSingle(WideColumnTable table, OtsInternalApi.OperationType type, ByteString change,
                                          OtsInternalApi.Condition condition,
                                          OtsInternalApi.ReturnContent returnContent) {
        PlainBufferRow row = PlainBuffers.readSingleRow(change, "row_change");
        WideColumnTable.Change applied = table.apply(type, row, condition);
        return returned(applied, returnContent);
    }

    /** The row the SDK asked to get back: nothing, the primary key, or the named columns after the change. */
    private static ByteString returned(WideColumnTable.Change change, OtsInternalApi.ReturnContent content) {
        switch (content.getReturnType()) {
            case RT_PK:
                return PlainBuffers.writeRows(List.of(new PlainBufferRow(
                        WideColumnTable.primaryKeyCells(change.primaryKey()), new ArrayList<>(), false)));
            case RT_AFTER_MODIFY: {
                List<PlainBufferCell> cells = new ArrayList<>();
                if (change.row() != null) {
                    for (String name : content.getReturnColumnNamesList()) {
                        Map.Entry<Long, ColumnValue> latest = change.row().latest(name);
                        if (latest != null) {
                            cells.add(cell(name, latest.getValue(), latest.getKey()));
                        }
                    }
                }
                return PlainBuffers.writeRows(List.of(new PlainBufferRow(
                        WideColumnTable.primaryKeyCells(change.primaryKey()), cells, false)));
            }
            default:
                return ByteString.EMPTY;
        }
    }

    private static PlainBufferCell cell(String name, ColumnValue value, long timestamp) {
        try {
            return PlainBufferConversion.toPlainBufferCell(new Column(name, value, timestamp), false, false, false,
                    (byte) 0);
        } catch (IOException e) {
            throw OtsException.internal("Cannot encode column " + name + ": " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- batches

    private static Message batchGetRow(Instance instance, OtsInternalApi.BatchGetRowRequest request) {
        int total = request.getTablesList().stream().mapToInt(OtsInternalApi.TableInBatchGetRowRequest::getPrimaryKeyCount).sum();
        if (total > MAX_BATCH_GET_ROWS) {
            throw OtsException.parameterInvalid("Rows count exceeds the upper limit: " + MAX_BATCH_GET_ROWS + ".");
        }
        Set<String> seen = new HashSet<>();
        OtsInternalApi.BatchGetRowResponse.Builder response = OtsInternalApi.BatchGetRowResponse.newBuilder();
        for (OtsInternalApi.TableInBatchGetRowRequest tableRequest : request.getTablesList()) {
            if (!seen.add(tableRequest.getTableName())) {
                throw OtsException.parameterInvalid("Duplicated table name: '" + tableRequest.getTableName() + "'.");
            }
            OtsInternalApi.TableInBatchGetRowResponse.Builder tableResponse =
                    OtsInternalApi.TableInBatchGetRowResponse.newBuilder().setTableName(tableRequest.getTableName());
            ReadOptions options = ReadOptions.of(tableRequest.getColumnsToGetList(), tableRequest.hasTimeRange(),
                    tableRequest.getTimeRange(), tableRequest.hasMaxVersions(), tableRequest.getMaxVersions(),
                    tableRequest.getStartColumn(), tableRequest.getEndColumn(),
                    tableRequest.hasFilter() ? tableRequest.getFilter() : null);
            for (ByteString key : tableRequest.getPrimaryKeyList()) {
                OtsInternalApi.RowInBatchGetRowResponse.Builder row = OtsInternalApi.RowInBatchGetRowResponse.newBuilder();
                try {
                    WideColumnTable table = instance.table(tableRequest.getTableName());
                    PrimaryKey primaryKey = table.primaryKey(
                            PlainBuffers.readSingleRow(key, "primary_key").getPrimaryKey(), false);
                    PlainBufferRow found = table.read(primaryKey, options);
                    row.setIsOk(true).setConsumed(consumed(1, 0))
                            .setRow(found == null ? ByteString.EMPTY : PlainBuffers.writeRows(List.of(found)));
                } catch (OtsException e) {
                    row.setIsOk(false).setError(e.toError());
                }
                tableResponse.addRows(row);
            }
            response.addTables(tableResponse);
        }
        return response.build();
    }

    private static Message batchWriteRow(Instance instance, OtsInternalApi.BatchWriteRowRequest request) {
        noTransaction(request.hasTransactionId());
        if (request.getIsAtomic()) {
            throw OtsException.unsupported("The emulator does not support atomic batch writes.");
        }
        int total = request.getTablesList().stream().mapToInt(OtsInternalApi.TableInBatchWriteRowRequest::getRowsCount).sum();
        if (total > MAX_BATCH_WRITE_ROWS) {
            throw OtsException.parameterInvalid("Rows count exceeds the upper limit: " + MAX_BATCH_WRITE_ROWS + ".");
        }
        if (total == 0) {
            throw OtsException.parameterInvalid("No row specified in the request of BatchWriteRow.");
        }
        List<List<PlainBufferRow>> decoded = new ArrayList<>();
        Set<String> seenTables = new HashSet<>();
        for (OtsInternalApi.TableInBatchWriteRowRequest tableRequest : request.getTablesList()) {
            if (!seenTables.add(tableRequest.getTableName())) {
                throw OtsException.parameterInvalid("Duplicated table name: '" + tableRequest.getTableName() + "'.");
            }
            List<PlainBufferRow> rows = new ArrayList<>();
            for (OtsInternalApi.RowInBatchWriteRowRequest row : tableRequest.getRowsList()) {
                rows.add(PlainBuffers.readSingleRow(row.getRowChange(), "row_change"));
            }
            rejectDuplicateKeys(tableRequest.getTableName(), rows);
            decoded.add(rows);
        }
        OtsInternalApi.BatchWriteRowResponse.Builder response = OtsInternalApi.BatchWriteRowResponse.newBuilder();
        for (int t = 0; t < request.getTablesCount(); t++) {
            OtsInternalApi.TableInBatchWriteRowRequest tableRequest = request.getTables(t);
            OtsInternalApi.TableInBatchWriteRowResponse.Builder tableResponse =
                    OtsInternalApi.TableInBatchWriteRowResponse.newBuilder().setTableName(tableRequest.getTableName());
            List<Object> results;
            try {
                List<WideColumnTable.Mutation> mutations = new ArrayList<>();
                for (int r = 0; r < tableRequest.getRowsCount(); r++) {
                    OtsInternalApi.RowInBatchWriteRowRequest rowRequest = tableRequest.getRows(r);
                    mutations.add(new WideColumnTable.Mutation(rowRequest.getType(), decoded.get(t).get(r),
                            rowRequest.getCondition()));
                }
                results = instance.table(tableRequest.getTableName()).applyAll(mutations);
            } catch (OtsException e) {
                results = java.util.Collections.nCopies(tableRequest.getRowsCount(), e);
            }
            for (int r = 0; r < tableRequest.getRowsCount(); r++) {
                OtsInternalApi.RowInBatchWriteRowResponse.Builder row = OtsInternalApi.RowInBatchWriteRowResponse.newBuilder();
                if (results.get(r) instanceof WideColumnTable.Change change) {
                    row.setIsOk(true).setConsumed(consumed(0, 1))
                            .setRow(returned(change, tableRequest.getRows(r).getReturnContent()));
                } else {
                    row.setIsOk(false).setError(((OtsException) results.get(r)).toError());
                }
                tableResponse.addRows(row);
            }
            response.addTables(tableResponse);
        }
        return response.build();
    }

    /** Tablestore refuses a batch that changes the same row twice, because the order of the changes is undefined. */
    private static void rejectDuplicateKeys(String table, List<PlainBufferRow> rows) {
        Set<List<PrimaryKeyValue>> keys = new HashSet<>();
        for (PlainBufferRow row : rows) {
            List<PrimaryKeyValue> key = new ArrayList<>(row.getPrimaryKey().size());
            for (PlainBufferCell cell : row.getPrimaryKey()) {
                key.add(cell.getPkCellValue());
            }
            if (!keys.add(key)) {
                throw OtsException.parameterInvalid("The input parameter is invalid: duplicated primary key in"
                        + " table '" + table + "' of one BatchWriteRow request.");
            }
        }
    }

    private static Message bulkImport(Instance instance, OtsInternalApi.BulkImportRequest request) {
        if (request.getRowsCount() > MAX_BATCH_WRITE_ROWS) {
            throw OtsException.parameterInvalid("Rows count exceeds the upper limit: " + MAX_BATCH_WRITE_ROWS + ".");
        }
        WideColumnTable table = instance.table(request.getTableName());
        OtsInternalApi.Condition ignore = OtsInternalApi.Condition.newBuilder()
                .setRowExistence(OtsInternalApi.RowExistenceExpectation.IGNORE).build();
        OtsInternalApi.BulkImportResponse.Builder response =
                OtsInternalApi.BulkImportResponse.newBuilder().setTableName(request.getTableName());
        List<WideColumnTable.Mutation> mutations = new ArrayList<>();
        for (OtsInternalApi.RowInBulkImportRequest rowRequest : request.getRowsList()) {
            mutations.add(new WideColumnTable.Mutation(rowRequest.getType(),
                    PlainBuffers.readSingleRow(rowRequest.getRowChange(), "row_change"), ignore));
        }
        for (Object result : table.applyAll(mutations)) {
            OtsInternalApi.RowInBulkImportResponse.Builder row = OtsInternalApi.RowInBulkImportResponse.newBuilder();
            if (result instanceof OtsException e) {
                row.setIsOk(false).setError(e.toError());
            } else {
                row.setIsOk(true).setConsumed(consumed(0, 1));
            }
            response.addRows(row);
        }
        return response.build();
    }

    // ---------------------------------------------------------------- ranges

    private static Message getRange(Instance instance, OtsInternalApi.GetRangeRequest request) {
        noTransaction(request.hasTransactionId());
        if (request.hasToken() && !request.getToken().isEmpty()) {
            throw OtsException.unsupported("The emulator does not support wide-row tokens.");
        }
        WideColumnTable table = instance.table(request.getTableName());
        PrimaryKey start = table.primaryKey(PlainBuffers.readSingleRow(request.getInclusiveStartPrimaryKey(),
                "inclusive_start_primary_key").getPrimaryKey(), true);
        PrimaryKey end = table.primaryKey(PlainBuffers.readSingleRow(request.getExclusiveEndPrimaryKey(),
                "exclusive_end_primary_key").getPrimaryKey(), true);
        boolean forward = request.getDirection() == OtsInternalApi.Direction.FORWARD;
        int order = PrimaryKeyOrder.INSTANCE.compare(start, end);
        if (forward && order >= 0) {
            throw OtsException.parameterInvalid("Begin key must less than end key in FORWARD");
        }
        if (!forward && order <= 0) {
            throw OtsException.parameterInvalid("Begin key must more than end key in BACKWARD");
        }
        int limit = limit(request.hasLimit(), request.getLimit(), MAX_GET_RANGE_ROWS, MAX_GET_RANGE_ROWS);
        ReadOptions options = ReadOptions.of(request.getColumnsToGetList(), request.hasTimeRange(),
                request.getTimeRange(), request.hasMaxVersions(), request.getMaxVersions(), request.getStartColumn(),
                request.getEndColumn(), request.hasFilter() ? request.getFilter() : null);
        WideColumnTable.Page page = table.range(start, end, forward, limit, MAX_RESPONSE_BYTES, options);
        OtsInternalApi.GetRangeResponse.Builder response = OtsInternalApi.GetRangeResponse.newBuilder()
                .setConsumed(consumed(Math.max(1, page.rows().size()), 0))
                .setRows(PlainBuffers.writeRows(page.rows()));
        if (page.nextStart() != null) {
            response.setNextStartPrimaryKey(PlainBuffers.writePrimaryKey(page.nextStart()));
        }
        return response.build();
    }

    // ---------------------------------------------------------------- helpers

    private static final OtsInternalApi.ConsumedCapacity ONE_WRITE = OtsInternalApi.ConsumedCapacity.newBuilder()
            .setCapacityUnit(OtsInternalApi.CapacityUnit.newBuilder().setRead(0).setWrite(1)).build();

    static OtsInternalApi.ConsumedCapacity consumed(int read, int write) {
        if (read == 0 && write == 1) {
            return ONE_WRITE;
        }
        return OtsInternalApi.ConsumedCapacity.newBuilder()
                .setCapacityUnit(OtsInternalApi.CapacityUnit.newBuilder().setRead(read).setWrite(write)).build();
    }

    /** The page size a request asked for: at most {@code max}, {@code absent} when it set none. */
    static int limit(boolean hasLimit, int limit, int absent, int max) {
        if (!hasLimit) {
            return absent;
        }
        if (limit <= 0) {
            throw OtsException.parameterInvalid("The limit must be greater than 0, it is " + limit + ".");
        }
        return Math.min(limit, max);
    }

    private static void noTransaction(boolean hasTransaction) {
        if (hasTransaction) {
            throw OtsException.unsupported("The emulator does not support local transactions.");
        }
    }
}
