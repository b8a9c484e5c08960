package com.connectorservice.emulator.tablestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.TableStoreException;
import com.alicloud.openservices.tablestore.model.BatchGetRowRequest;
import com.alicloud.openservices.tablestore.model.BatchGetRowResponse;
import com.alicloud.openservices.tablestore.model.BatchWriteRowRequest;
import com.alicloud.openservices.tablestore.model.BatchWriteRowResponse;
import com.alicloud.openservices.tablestore.model.BulkImportRequest;
import com.alicloud.openservices.tablestore.model.BulkImportResponse;
import com.alicloud.openservices.tablestore.model.Column;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.Condition;
import com.alicloud.openservices.tablestore.model.CreateTableRequest;
import com.alicloud.openservices.tablestore.model.DeleteRowRequest;
import com.alicloud.openservices.tablestore.model.DeleteTableRequest;
import com.alicloud.openservices.tablestore.model.DescribeTableRequest;
import com.alicloud.openservices.tablestore.model.DescribeTableResponse;
import com.alicloud.openservices.tablestore.model.Direction;
import com.alicloud.openservices.tablestore.model.GetRangeRequest;
import com.alicloud.openservices.tablestore.model.GetRangeResponse;
import com.alicloud.openservices.tablestore.model.GetRowRequest;
import com.alicloud.openservices.tablestore.model.MultiRowQueryCriteria;
import com.alicloud.openservices.tablestore.model.PrimaryKey;
import com.alicloud.openservices.tablestore.model.PrimaryKeyBuilder;
import com.alicloud.openservices.tablestore.model.PrimaryKeyType;
import com.alicloud.openservices.tablestore.model.PrimaryKeyValue;
import com.alicloud.openservices.tablestore.model.PutRowRequest;
import com.alicloud.openservices.tablestore.model.RangeRowQueryCriteria;
import com.alicloud.openservices.tablestore.model.ReturnType;
import com.alicloud.openservices.tablestore.model.Row;
import com.alicloud.openservices.tablestore.model.RowDeleteChange;
import com.alicloud.openservices.tablestore.model.RowExistenceExpectation;
import com.alicloud.openservices.tablestore.model.RowPutChange;
import com.alicloud.openservices.tablestore.model.RowUpdateChange;
import com.alicloud.openservices.tablestore.model.SingleRowQueryCriteria;
import com.alicloud.openservices.tablestore.model.TableMeta;
import com.alicloud.openservices.tablestore.model.TableOptions;
import com.alicloud.openservices.tablestore.model.UpdateRowRequest;
import com.alicloud.openservices.tablestore.model.condition.SingleColumnValueCondition;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WideColumnTest {
    static final String AK = "local-ak";
    static final String SK = "local-sk";
    static final String INSTANCE = "local-ots";

    @TempDir
    static Path dataDirectory;
    static TablestoreEmulator emulator;
    static SyncClient client;

    @BeforeAll
    static void start() {
        emulator = TablestoreEmulator.builder().dataDirectory(dataDirectory).credential(AK, SK)
                .credential("other-ak", "other-sk").instance(INSTANCE).start();
        client = new SyncClient(emulator.endpoint(), AK, SK, INSTANCE);
    }

    @AfterAll
    static void stop() {
        client.shutdown();
        emulator.close();
    }

    static void createTable(SyncClient client, String name, int maxVersions, Object... keys) {
        TableMeta meta = new TableMeta(name);
        for (int i = 0; i < keys.length; i += 2) {
            meta.addPrimaryKeyColumn((String) keys[i], (PrimaryKeyType) keys[i + 1]);
        }
        client.createTable(new CreateTableRequest(meta, new TableOptions(-1, maxVersions)));
    }

    static PrimaryKey key(String id) {
        return PrimaryKeyBuilder.createPrimaryKeyBuilder().addPrimaryKeyColumn("id", PrimaryKeyValue.fromString(id))
                .build();
    }

    static Row get(String table, PrimaryKey key) {
        SingleRowQueryCriteria criteria = new SingleRowQueryCriteria(table, key);
        criteria.setMaxVersions(1);
        return client.getRow(new GetRowRequest(criteria)).getRow();
    }

    static void put(String table, PrimaryKey key, Column... columns) {
        RowPutChange change = new RowPutChange(table, key);
        for (Column column : columns) {
            change.addColumn(column);
        }
        client.putRow(new PutRowRequest(change));
    }

    @Test
    void tableLifecycle() {
        createTable(client, "lifecycle", 1, "pk_s", PrimaryKeyType.STRING, "pk_i", PrimaryKeyType.INTEGER,
                "pk_b", PrimaryKeyType.BINARY);
        DescribeTableResponse described = client.describeTable(new DescribeTableRequest("lifecycle"));
        assertThat(described.getTableMeta().getPrimaryKeyList()).extracting(schema -> schema.getName())
                .containsExactly("pk_s", "pk_i", "pk_b");
        assertThat(described.getTableOptions().getMaxVersions()).isEqualTo(1);
        assertThat(client.listTable().getTableNames()).contains("lifecycle");

        assertThatThrownBy(() -> createTable(client, "lifecycle", 1, "id", PrimaryKeyType.STRING))
                .isInstanceOfSatisfying(TableStoreException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo("OTSObjectAlreadyExist"));
        client.deleteTable(new DeleteTableRequest("lifecycle"));
        assertThat(client.listTable().getTableNames()).doesNotContain("lifecycle");
        assertThatThrownBy(() -> client.describeTable(new DescribeTableRequest("lifecycle")))
                .isInstanceOfSatisfying(TableStoreException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo("OTSObjectNotExist");
                    assertThat(e.getHttpStatus()).isEqualTo(404);
                });
    }

    @Test
    void rejectsBadTableDefinitions() {
        assertThatThrownBy(() -> createTable(client, "five_keys", 1, "a", PrimaryKeyType.STRING, "b",
                PrimaryKeyType.STRING, "c", PrimaryKeyType.STRING, "d", PrimaryKeyType.STRING, "e",
                PrimaryKeyType.STRING))
                .isInstanceOfSatisfying(TableStoreException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo("OTSParameterInvalid"));
        assertThatThrownBy(() -> createTable(client, "9-bad name", 1, "a", PrimaryKeyType.STRING))
                .isInstanceOfSatisfying(TableStoreException.class,
                        e -> assertThat(e.getMessage()).contains("table name"));
    }

    @Test
    void putGetUpdateDelete() {
        createTable(client, "crud", 1, "id", PrimaryKeyType.STRING);
        put("crud", key("a"), new Column("s", ColumnValue.fromString("x")), new Column("n", ColumnValue.fromLong(7)),
                new Column("d", ColumnValue.fromDouble(1.5)), new Column("b", ColumnValue.fromBoolean(true)),
                new Column("bin", ColumnValue.fromBinary(new byte[] {1, 2})));
        Row row = get("crud", key("a"));
        assertThat(row.getLatestColumn("s").getValue().asString()).isEqualTo("x");
        assertThat(row.getLatestColumn("n").getValue().asLong()).isEqualTo(7);
        assertThat(row.getLatestColumn("d").getValue().asDouble()).isEqualTo(1.5);
        assertThat(row.getLatestColumn("b").getValue().asBoolean()).isTrue();
        assertThat(row.getLatestColumn("bin").getValue().asBinary()).containsExactly(1, 2);

        RowUpdateChange update = new RowUpdateChange("crud", key("a"));
        update.put("s", ColumnValue.fromString("y"));
        update.deleteColumns("n");
        update.increment(new Column("counter", ColumnValue.fromLong(5)));
        client.updateRow(new UpdateRowRequest(update));
        row = get("crud", key("a"));
        assertThat(row.getLatestColumn("s").getValue().asString()).isEqualTo("y");
        assertThat(row.getLatestColumn("n")).isNull();
        assertThat(row.getLatestColumn("counter").getValue().asLong()).isEqualTo(5);
        assertThat(emulator.rows(INSTANCE, "crud")).singleElement().satisfies(stored -> {
            assertThat(stored.primaryKey()).containsEntry("id", "a");
            assertThat(stored.columns()).containsEntry("s", "y").containsEntry("counter", 5L)
                    .doesNotContainKey("n");
        });

        client.deleteRow(new DeleteRowRequest(new RowDeleteChange("crud", key("a"))));
        assertThat(get("crud", key("a"))).isNull();
        assertThat(emulator.rows(INSTANCE, "crud")).isEmpty();
    }

    @Test
    void updateDeletesOneVersionOrAllVersions() {
        createTable(client, "versions", 3, "id", PrimaryKeyType.STRING);
        long now = System.currentTimeMillis();
        put("versions", key("v"), new Column("c", ColumnValue.fromString("one"), now - 1000),
                new Column("c", ColumnValue.fromString("two"), now),
                new Column("other", ColumnValue.fromString("o"), now - 1000));
        RowUpdateChange deleteOne = new RowUpdateChange("versions", key("v"));
        deleteOne.deleteColumn("c", now);
        client.updateRow(new UpdateRowRequest(deleteOne));
        SingleRowQueryCriteria criteria = new SingleRowQueryCriteria("versions", key("v"));
        criteria.setMaxVersions(3);
        Row row = client.getRow(new GetRowRequest(criteria)).getRow();
        assertThat(row.getColumn("c")).extracting(column -> column.getValue().asString()).containsExactly("one");

        RowUpdateChange deleteAll = new RowUpdateChange("versions", key("v"));
        deleteAll.deleteColumns("c");
        deleteAll.deleteColumns("other");
        client.updateRow(new UpdateRowRequest(deleteAll));
        row = client.getRow(new GetRowRequest(criteria)).getRow();
        assertThat(row).as("deleting every attribute column keeps the row").isNotNull();
        assertThat(row.getColumns()).isEmpty();

        long twoDaysAgo = now - 2 * 86_400_000L;
        assertThatThrownBy(() -> put("versions", key("v"), new Column("c", ColumnValue.fromString("old"), twoDaysAgo)))
                .isInstanceOfSatisfying(TableStoreException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo("OTSParameterInvalid");
                    assertThat(e.getMessage()).contains("max time deviation");
                });
    }

    @Test
    void rowExistenceAndColumnConditions() {
        createTable(client, "conditions", 1, "id", PrimaryKeyType.STRING);
        RowPutChange first = new RowPutChange("conditions", key("k"));
        first.addColumn("v", ColumnValue.fromLong(1));
        first.setCondition(new Condition(RowExistenceExpectation.EXPECT_NOT_EXIST));
        client.putRow(new PutRowRequest(first));
        assertThatThrownBy(() -> client.putRow(new PutRowRequest(first)))
                .isInstanceOfSatisfying(TableStoreException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo("OTSConditionCheckFail");
                    assertThat(e.getHttpStatus()).isEqualTo(403);
                });

        RowUpdateChange missing = new RowUpdateChange("conditions", key("absent"));
        missing.put("v", ColumnValue.fromLong(2));
        missing.setCondition(new Condition(RowExistenceExpectation.EXPECT_EXIST));
        assertThatThrownBy(() -> client.updateRow(new UpdateRowRequest(missing)))
                .isInstanceOfSatisfying(TableStoreException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo("OTSConditionCheckFail"));
        assertThat(get("conditions", key("absent"))).isNull();

        RowUpdateChange guarded = new RowUpdateChange("conditions", key("k"));
        guarded.put("v", ColumnValue.fromLong(3));
        Condition onlyIfOne = new Condition(RowExistenceExpectation.EXPECT_EXIST);
        onlyIfOne.setColumnCondition(new SingleColumnValueCondition("v",
                SingleColumnValueCondition.CompareOperator.EQUAL, ColumnValue.fromLong(1)));
        guarded.setCondition(onlyIfOne);
        client.updateRow(new UpdateRowRequest(guarded));
        assertThatThrownBy(() -> client.updateRow(new UpdateRowRequest(guarded)))
                .isInstanceOfSatisfying(TableStoreException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo("OTSConditionCheckFail"));
        assertThat(get("conditions", key("k")).getLatestColumn("v").getValue().asLong()).isEqualTo(3);

        RowDeleteChange delete = new RowDeleteChange("conditions", key("absent"));
        delete.setCondition(new Condition(RowExistenceExpectation.EXPECT_EXIST));
        assertThatThrownBy(() -> client.deleteRow(new DeleteRowRequest(delete)))
                .isInstanceOfSatisfying(TableStoreException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo("OTSConditionCheckFail"));
    }

    @Test
    void primaryKeyMismatchIsParameterInvalid() {
        createTable(client, "typed", 1, "id", PrimaryKeyType.STRING);
        PrimaryKey wrongType = PrimaryKeyBuilder.createPrimaryKeyBuilder()
                .addPrimaryKeyColumn("id", PrimaryKeyValue.fromLong(1)).build();
        assertThatThrownBy(() -> put("typed", wrongType, new Column("c", ColumnValue.fromLong(1))))
                .isInstanceOfSatisfying(TableStoreException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo("OTSParameterInvalid");
                    assertThat(e.getMessage()).contains("Validate PK type fail");
                });
        assertThatThrownBy(() -> put("typed", key("a"), new Column("user-id", ColumnValue.fromLong(1))))
                .isInstanceOfSatisfying(TableStoreException.class, e -> {
                    assertThat(e.getErrorCode()).isEqualTo("OTSParameterInvalid");
                    assertThat(e.getMessage()).contains("column name", "user-id");
                });
        assertThatThrownBy(() -> put("no_such_table", key("a"), new Column("c", ColumnValue.fromLong(1))))
                .isInstanceOfSatisfying(TableStoreException.class,
                        e -> assertThat(e.getErrorCode()).isEqualTo("OTSObjectNotExist"));
    }

    @Test
    void batchWriteReportsEachRowAndBatchGetReadsThemBack() {
        createTable(client, "batch", 1, "id", PrimaryKeyType.STRING);
        put("batch", key("exists"), new Column("c", ColumnValue.fromLong(0)));
        BatchWriteRowRequest batch = new BatchWriteRowRequest();
        RowPutChange good = new RowPutChange("batch", key("good"));
        good.addColumn("c", ColumnValue.fromLong(1));
        batch.addRowChange(good);
        RowPutChange conflicting = new RowPutChange("batch", key("exists"));
        conflicting.addColumn("c", ColumnValue.fromLong(2));
        conflicting.setCondition(new Condition(RowExistenceExpectation.EXPECT_NOT_EXIST));
        batch.addRowChange(conflicting);
        RowUpdateChange alsoGood = new RowUpdateChange("batch", key("also_good"));
        alsoGood.put("c", ColumnValue.fromLong(3));
        batch.addRowChange(alsoGood);
        RowPutChange missingTable = new RowPutChange("batch_missing", key("x"));
        missingTable.addColumn("c", ColumnValue.fromLong(4));
        batch.addRowChange(missingTable);

        BatchWriteRowResponse response = client.batchWriteRow(batch);
        assertThat(response.isAllSucceed()).isFalse();
        assertThat(response.getSucceedRows()).hasSize(2);
        assertThat(response.getFailedRows()).extracting(row -> row.getError().getCode())
                .containsExactlyInAnyOrder("OTSConditionCheckFail", "OTSObjectNotExist");

        MultiRowQueryCriteria criteria = new MultiRowQueryCriteria("batch");
        criteria.addRow(key("good"));
        criteria.addRow(key("also_good"));
        criteria.addRow(key("exists"));
        criteria.addRow(key("never"));
        criteria.setMaxVersions(1);
        BatchGetRowRequest get = new BatchGetRowRequest();
        get.addMultiRowQueryCriteria(criteria);
        BatchGetRowResponse got = client.batchGetRow(get);
        assertThat(got.isAllSucceed()).isTrue();
        assertThat(got.getSucceedRows()).extracting(result -> result.getRow() == null ? null
                : result.getRow().getLatestColumn("c").getValue().asLong()).containsExactly(1L, 3L, 0L, null);
    }

    @Test
    void bulkImportWritesRows() {
        createTable(client, "bulk", 1, "id", PrimaryKeyType.STRING);
        BulkImportRequest request = new BulkImportRequest("bulk");
        for (int i = 0; i < 10; i++) {
            RowPutChange change = new RowPutChange("bulk", key("r" + i));
            change.addColumn("i", ColumnValue.fromLong(i));
            request.addRowChange(change);
        }
        BulkImportResponse response = client.bulkImport(request);
        assertThat(response.isAllSucceed()).isTrue();
        assertThat(emulator.rows(INSTANCE, "bulk")).hasSize(10);
    }

    @Test
    void getRangePagesInTablestoreOrder() {
        createTable(client, "range", 1, "region", PrimaryKeyType.STRING, "seq", PrimaryKeyType.INTEGER,
                "raw", PrimaryKeyType.BINARY);
        List<RowPutChange> changes = new ArrayList<>();
        for (String region : List.of("b", "a", "é", "Z")) {
            for (long seq : List.of(10L, -5L, 2L)) {
                PrimaryKey pk = PrimaryKeyBuilder.createPrimaryKeyBuilder()
                        .addPrimaryKeyColumn("region", PrimaryKeyValue.fromString(region))
                        .addPrimaryKeyColumn("seq", PrimaryKeyValue.fromLong(seq))
                        .addPrimaryKeyColumn("raw", PrimaryKeyValue.fromBinary(
                                region.getBytes(StandardCharsets.UTF_8)))
                        .build();
                RowPutChange change = new RowPutChange("range", pk);
                change.addColumn("v", ColumnValue.fromString(region + seq));
                changes.add(change);
            }
        }
        BatchWriteRowRequest batch = new BatchWriteRowRequest();
        changes.forEach(batch::addRowChange);
        assertThat(client.batchWriteRow(batch).isAllSucceed()).isTrue();

        List<String> forward = scan(Direction.FORWARD, PrimaryKeyValue.INF_MIN, PrimaryKeyValue.INF_MAX, 5);
        assertThat(forward).containsExactly("Z-5", "Z2", "Z10", "a-5", "a2", "a10", "b-5", "b2", "b10",
                "é-5", "é2", "é10");
        List<String> backward = scan(Direction.BACKWARD, PrimaryKeyValue.INF_MAX, PrimaryKeyValue.INF_MIN, 4);
        List<String> reversedForward = new ArrayList<>(forward);
        java.util.Collections.reverse(reversedForward);
        assertThat(backward).containsExactlyElementsOf(reversedForward);

        // inclusive start, exclusive end
        RangeRowQueryCriteria criteria = new RangeRowQueryCriteria("range");
        criteria.setInclusiveStartPrimaryKey(PrimaryKeyBuilder.createPrimaryKeyBuilder()
                .addPrimaryKeyColumn("region", PrimaryKeyValue.fromString("a"))
                .addPrimaryKeyColumn("seq", PrimaryKeyValue.fromLong(2))
                .addPrimaryKeyColumn("raw", PrimaryKeyValue.fromBinary("a".getBytes(StandardCharsets.UTF_8)))
                .build());
        criteria.setExclusiveEndPrimaryKey(PrimaryKeyBuilder.createPrimaryKeyBuilder()
                .addPrimaryKeyColumn("region", PrimaryKeyValue.fromString("b"))
                .addPrimaryKeyColumn("seq", PrimaryKeyValue.fromLong(2))
                .addPrimaryKeyColumn("raw", PrimaryKeyValue.INF_MIN)
                .build());
        criteria.setMaxVersions(1);
        GetRangeResponse page = client.getRange(new GetRangeRequest(criteria));
        assertThat(page.getRows()).extracting(row -> row.getLatestColumn("v").getValue().asString())
                .containsExactly("a2", "a10", "b-5");
        assertThat(page.getNextStartPrimaryKey()).isNull();

        RangeRowQueryCriteria reversed = new RangeRowQueryCriteria("range");
        reversed.setInclusiveStartPrimaryKey(criteria.getInclusiveStartPrimaryKey());
        reversed.setExclusiveEndPrimaryKey(criteria.getExclusiveEndPrimaryKey());
        reversed.setMaxVersions(1);
        assertThatThrownBy(() -> {
            reversed.setDirection(Direction.BACKWARD);
            client.getRange(new GetRangeRequest(reversed));
        }).isInstanceOfSatisfying(TableStoreException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo("OTSParameterInvalid"));
    }

    private static List<String> scan(Direction direction, PrimaryKeyValue start, PrimaryKeyValue end, int limit) {
        List<String> values = new ArrayList<>();
        PrimaryKey next = PrimaryKeyBuilder.createPrimaryKeyBuilder().addPrimaryKeyColumn("region", start)
                .addPrimaryKeyColumn("seq", start).addPrimaryKeyColumn("raw", start).build();
        PrimaryKey endKey = PrimaryKeyBuilder.createPrimaryKeyBuilder().addPrimaryKeyColumn("region", end)
                .addPrimaryKeyColumn("seq", end).addPrimaryKeyColumn("raw", end).build();
        int pages = 0;
        while (next != null) {
            RangeRowQueryCriteria criteria = new RangeRowQueryCriteria("range");
            criteria.setInclusiveStartPrimaryKey(next);
            criteria.setExclusiveEndPrimaryKey(endKey);
            criteria.setDirection(direction);
            criteria.setLimit(limit);
            criteria.setMaxVersions(1);
            GetRangeResponse response = client.getRange(new GetRangeRequest(criteria));
            assertThat(response.getRows().size()).isLessThanOrEqualTo(limit);
            response.getRows().forEach(row -> values.add(row.getLatestColumn("v").getValue().asString()));
            next = response.getNextStartPrimaryKey();
            pages++;
        }
        assertThat(pages).isGreaterThan(1);
        return values;
    }

    @Test
    void wrongSecretIsRejectedWithAuthFailed() {
        SyncClient wrong = new SyncClient(emulator.endpoint(), AK, "not-the-secret", INSTANCE);
        try {
            assertThatThrownBy(wrong::listTable).isInstanceOfSatisfying(TableStoreException.class, e -> {
                assertThat(e.getErrorCode()).isEqualTo("OTSAuthFailed");
                assertThat(e.getHttpStatus()).isEqualTo(403);
            });
        } finally {
            wrong.shutdown();
        }
        SyncClient unknownInstance = new SyncClient(emulator.endpoint(), AK, SK, "nope");
        try {
            assertThatThrownBy(unknownInstance::listTable).isInstanceOfSatisfying(TableStoreException.class,
                    e -> assertThat(e.getErrorCode()).isEqualTo("OTSAuthFailed"));
        } finally {
            unknownInstance.shutdown();
        }
        SyncClient other = new SyncClient(emulator.endpoint(), "other-ak", "other-sk", INSTANCE);
        try {
            assertThat(other.listTable().getTableNames()).isNotNull();
        } finally {
            other.shutdown();
        }
    }

    @Test
    void returnsPrimaryKeyWhenAsked() {
        createTable(client, "returns", 1, "id", PrimaryKeyType.STRING);
        RowPutChange change = new RowPutChange("returns", key("r"));
        change.addColumn("c", ColumnValue.fromLong(1));
        change.setReturnType(ReturnType.RT_PK);
        Row returned = client.putRow(new PutRowRequest(change)).getRow();
        assertThat(returned.getPrimaryKey()).isEqualTo(key("r"));
    }

    @Test
    void readsSelectColumnsVersionsAndFilteredRows() {
        createTable(client, "selection", 3, "id", PrimaryKeyType.STRING);
        long now = System.currentTimeMillis();
        for (int i = 0; i < 6; i++) {
            put("selection", key("r" + i), new Column("n", ColumnValue.fromLong(i), now - 10),
                    new Column("n", ColumnValue.fromLong(i * 10), now), new Column("s", ColumnValue.fromString("x" + i)));
        }
        SingleRowQueryCriteria onlyN = new SingleRowQueryCriteria("selection", key("r2"));
        onlyN.addColumnsToGet("n");
        onlyN.setMaxVersions(2);
        Row row = client.getRow(new GetRowRequest(onlyN)).getRow();
        assertThat(row.getColumns()).extracting(Column::getName).containsOnly("n");
        assertThat(row.getColumn("n")).extracting(column -> column.getValue().asLong()).containsExactly(20L, 2L);

        SingleRowQueryCriteria older = new SingleRowQueryCriteria("selection", key("r2"));
        older.setTimeRange(new com.alicloud.openservices.tablestore.model.TimeRange(now - 10, now));
        older.addColumnsToGet("n");
        assertThat(client.getRow(new GetRowRequest(older)).getRow().getLatestColumn("n").getValue().asLong())
                .isEqualTo(2);

        SingleRowQueryCriteria absentColumn = new SingleRowQueryCriteria("selection", key("r2"));
        absentColumn.addColumnsToGet("nothing");
        absentColumn.setMaxVersions(1);
        assertThat(client.getRow(new GetRowRequest(absentColumn)).getRow()).isNull();

        RangeRowQueryCriteria range = new RangeRowQueryCriteria("selection");
        range.setInclusiveStartPrimaryKey(PrimaryKeyBuilder.createPrimaryKeyBuilder()
                .addPrimaryKeyColumn("id", PrimaryKeyValue.INF_MIN).build());
        range.setExclusiveEndPrimaryKey(PrimaryKeyBuilder.createPrimaryKeyBuilder()
                .addPrimaryKeyColumn("id", PrimaryKeyValue.INF_MAX).build());
        range.setMaxVersions(1);
        range.setFilter(new com.alicloud.openservices.tablestore.model.filter.SingleColumnValueFilter("n",
                com.alicloud.openservices.tablestore.model.filter.SingleColumnValueFilter.CompareOperator.GREATER_EQUAL,
                ColumnValue.fromLong(30)));
        assertThat(client.getRange(new GetRangeRequest(range)).getRows())
                .extracting(found -> found.getPrimaryKey().getPrimaryKeyColumn("id").getValue().asString())
                .containsExactly("r3", "r4", "r5");
    }

    @Test
    void incrementReturnsTheValueAfterTheChange() {
        createTable(client, "counters", 1, "id", PrimaryKeyType.STRING);
        long last = 0;
        for (int i = 0; i < 3; i++) {
            RowUpdateChange increment = new RowUpdateChange("counters", key("c"));
            increment.increment(new Column("hits", ColumnValue.fromLong(5)));
            increment.setReturnType(ReturnType.RT_AFTER_MODIFY);
            increment.addReturnColumn("hits");
            last = client.updateRow(new UpdateRowRequest(increment)).getRow().getLatestColumn("hits").getValue()
                    .asLong();
        }
        assertThat(last).isEqualTo(15);
    }

    @Test
    void batchWriteRefusesTheSameRowTwiceAndOversizedBatches() {
        createTable(client, "batch_rules", 1, "id", PrimaryKeyType.STRING);
        BatchWriteRowRequest twice = new BatchWriteRowRequest();
        for (int i = 0; i < 2; i++) {
            RowPutChange change = new RowPutChange("batch_rules", key("same"));
            change.addColumn("i", ColumnValue.fromLong(i));
            twice.addRowChange(change);
        }
        assertThatThrownBy(() -> client.batchWriteRow(twice)).isInstanceOfSatisfying(TableStoreException.class,
                e -> assertThat(e.getErrorCode()).isEqualTo("OTSParameterInvalid"));

        BatchWriteRowRequest tooMany = new BatchWriteRowRequest();
        for (int i = 0; i < 201; i++) {
            RowPutChange change = new RowPutChange("batch_rules", key("k" + i));
            change.addColumn("i", ColumnValue.fromLong(i));
            tooMany.addRowChange(change);
        }
        assertThatThrownBy(() -> client.batchWriteRow(tooMany)).isInstanceOfSatisfying(TableStoreException.class,
                e -> assertThat(e.getMessage()).contains("200"));
        assertThat(emulator.rows(INSTANCE, "batch_rules")).isEmpty();
    }
}
