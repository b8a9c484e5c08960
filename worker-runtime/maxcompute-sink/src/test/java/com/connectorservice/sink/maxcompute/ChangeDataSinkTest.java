package com.connectorservice.sink.maxcompute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Decimal;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.aliyun.odps.Odps;
import com.aliyun.odps.OdpsType;
import com.aliyun.odps.Table;
import com.aliyun.odps.account.AliyunAccount;
import com.connectorservice.testing.RecordingContext;

/**
 * The sink in change-data mode (format DEBEZIUM_JSON) driven as a Connect worker drives it, with Debezium's envelope
 * as StringConverter hands it over (JSON text with and without the embedded schema), against the emulator through
 * the real SDK: tables auto-created (Delta with the key, append without), upserts and deletes, schema changes,
 * offsets only for committed sessions, bad change events routed with their reason.
 */
class ChangeDataSinkTest {

    private static final TopicPartition CUSTOMERS = new TopicPartition("pg.public.customers", 0);
    private static final TopicPartition EVENTS = new TopicPartition("pg.public.events", 0);

    @TempDir
    Path dataDir;
    private MaxComputeTables maxCompute;
    private MaxComputeSinkTask task;
    private RecordingContext context;
    private final JsonConverter json = new JsonConverter();
    private long offset;

    @BeforeEach
    void start() {
        maxCompute = new MaxComputeTables(dataDir);
        json.configure(Map.of("schemas.enable", "true", "decimal.format", "BASE64"), false);
    }

    @AfterEach
    void stop() {
        if (task != null) {
            task.stop();
        }
        maxCompute.close();
    }

    private void startTask(Map<String, String> overrides) {
        Map<String, String> props = maxCompute.connectorSettings("{table}");
        props.put("name", "cdc-sink");
        props.put("format", "DEBEZIUM_JSON");
        props.putAll(overrides);
        context = new RecordingContext(props, CUSTOMERS, EVENTS);
        task = started(context);
    }

    private static MaxComputeSinkTask started(RecordingContext context) {
        MaxComputeSinkTask started = new MaxComputeSinkTask();
        started.initialize(context);
        started.start(context.configs());
        started.open(context.assignment());
        return started;
    }

    private static Schema customerSchema(boolean withEmail, Schema idType) {
        SchemaBuilder row = SchemaBuilder.struct().name("pg.public.customers.Value").optional()
                .field("id", Schema.INT64_SCHEMA)
                .field("name", Schema.OPTIONAL_STRING_SCHEMA)
                .field("visits", idType)
                .field("balance", Decimal.builder(2).parameter("connect.decimal.precision", "10").optional().build())
                .field("born", SchemaBuilder.int32().name("io.debezium.time.Date").optional().build())
                .field("updated", SchemaBuilder.int64().name("io.debezium.time.MicroTimestamp").optional().build());
        if (withEmail) {
            row.field("email", Schema.OPTIONAL_STRING_SCHEMA);
        }
        return row.build();
    }

    private static Schema envelope(Schema row) {
        Schema source = SchemaBuilder.struct().name("io.debezium.connector.postgresql.Source")
                .field("db", Schema.STRING_SCHEMA).field("schema", Schema.STRING_SCHEMA)
                .field("table", Schema.STRING_SCHEMA).build();
        return SchemaBuilder.struct().name("pg.public.customers.Envelope")
                .field("before", row).field("after", row).field("source", source)
                .field("op", Schema.STRING_SCHEMA).field("ts_ms", Schema.OPTIONAL_INT64_SCHEMA).build();
    }

    private static final Schema KEY = SchemaBuilder.struct().name("pg.public.customers.Key")
            .field("id", Schema.INT64_SCHEMA).build();

    private SinkRecord customer(String op, long id, String name, Object visits, String email) {
        boolean withEmail = email != null;
        Schema visitsType = visits instanceof Long ? Schema.OPTIONAL_INT64_SCHEMA : Schema.OPTIONAL_INT32_SCHEMA;
        Schema row = customerSchema(withEmail, visitsType);
        Struct image = new Struct(row).put("id", id).put("name", name).put("visits", visits)
                .put("balance", new BigDecimal("12.50")).put("born", 19000)
                .put("updated", 1_700_000_000_123_456L);
        if (withEmail) {
            image.put("email", email);
        }
        Schema envelope = envelope(row);
        Struct source = new Struct(envelope.field("source").schema()).put("db", "shop").put("schema", "public")
                .put("table", "customers");
        Struct value = new Struct(envelope).put("op", op).put("source", source).put("ts_ms", 1L);
        if (op.equals("d")) {
            value.put("before", image);
        } else {
            value.put("after", image);
        }
        String key = new String(json.fromConnectData(CUSTOMERS.topic(), KEY, new Struct(KEY).put("id", id)),
                StandardCharsets.UTF_8);
        String text = new String(json.fromConnectData(CUSTOMERS.topic(), envelope, value), StandardCharsets.UTF_8);
        return new SinkRecord(CUSTOMERS.topic(), 0, Schema.STRING_SCHEMA, key, Schema.STRING_SCHEMA, text, offset++);
    }

    /** Schemaless JSON (JsonConverter with schemas.enable=false upstream), no key: a table without a primary key. */
    private SinkRecord event(String op, long id, String what) {
        String image = "{\"id\":" + id + ",\"what\":\"" + what + "\",\"weight\":1.5,\"tags\":[\"a\",\"b\"]}";
        String value = "{\"op\":\"" + op + "\",\"before\":" + (op.equals("d") ? image : "null") + ",\"after\":"
                + (op.equals("d") ? "null" : image)
                + ",\"source\":{\"db\":\"shop\",\"schema\":\"public\",\"table\":\"events\"}}";
        return new SinkRecord(EVENTS.topic(), 0, null, null, Schema.STRING_SCHEMA, value, offset++);
    }

    private Map<TopicPartition, OffsetAndMetadata> commit() {
        return task.preCommit(new HashMap<>(Map.of(CUSTOMERS, new OffsetAndMetadata(0), EVENTS, new OffsetAndMetadata(0))));
    }

    private List<Map<String, Object>> rows(String table) {
        List<Map<String, Object>> rows = new ArrayList<>(maxCompute.emulator.rows(MaxComputeTables.PROJECT, table, null));
        rows.sort(Comparator.comparing(r -> ((Number) r.get("id")).longValue()));
        return rows;
    }

    private Table table(String name) throws Exception {
        Odps odps = new Odps(new AliyunAccount(MaxComputeTables.ACCESS_ID, MaxComputeTables.ACCESS_KEY));
        odps.setEndpoint(maxCompute.emulator.endpoint());
        Table table = odps.tables().get(MaxComputeTables.PROJECT, name);
        table.reload();
        return table;
    }

    @Test
    void aKeyedSourceTableBecomesADeltaTableThatEndsEqualToTheSource() throws Exception {
        startTask(Map.of());
        List<SinkRecord> batch = new ArrayList<>();
        for (long id = 1; id <= 50; id++) {
            batch.add(customer(id <= 25 ? "r" : "c", id, "n" + id, (int) id, null));
        }
        batch.add(customer("u", 7, "renamed", 70, null));
        batch.add(customer("d", 8, "n8", 8, null));
        batch.add(new SinkRecord(CUSTOMERS.topic(), 0, null, "{\"id\":8}", null, null, offset++)); // tombstone
        task.put(batch);
        assertThat(maxCompute.emulator.execute("SHOW TABLES").toString()).contains("customers");

        Map<TopicPartition, OffsetAndMetadata> offsets = commit();
        assertThat(offsets).containsEntry(CUSTOMERS, new OffsetAndMetadata(offset));
        Table table = table("customers");
        assertThat(table.isTransactional()).isTrue();
        assertThat(table.getPrimaryKey()).containsExactly("id");
        assertThat(table.getClusterInfo().getBucketNum()).isEqualTo(16);
        assertThat(table.getSchema().getColumn("balance").getTypeInfo().getTypeName()).isEqualToIgnoringCase("DECIMAL(10,2)");
        assertThat(table.getSchema().getColumn("born").getTypeInfo().getOdpsType()).isEqualTo(OdpsType.DATE);
        assertThat(table.getSchema().getColumn("updated").getTypeInfo().getOdpsType()).isEqualTo(OdpsType.TIMESTAMP_NTZ);

        List<Map<String, Object>> rows = rows("customers");
        assertThat(rows).hasSize(49);
        Map<String, Object> seven = rows.stream().filter(r -> r.get("id").equals(7L)).findFirst().orElseThrow();
        assertThat(seven).containsEntry("name", "renamed").containsEntry("visits", 70)
                .containsEntry("balance", new BigDecimal("12.50")).containsEntry("born", LocalDate.ofEpochDay(19000))
                .containsEntry("updated", LocalDateTime.of(2023, 11, 14, 22, 13, 20, 123_456_000));
        assertThat(rows).noneMatch(r -> r.get("id").equals(8L));

        // the source adds a column and widens INT to BIGINT: the table follows before the rows that need them
        // an INT row still buffered when the column is widened is written as BIGINT
        task.put(List.of(customer("u", 10, "still-int", 10, null), customer("u", 9, "with-email", 5_000_000_000L, "a@b.c"),
                customer("c", 51, "new", 1L, "x@y.z")));
        commit();
        table = table("customers");
        assertThat(table.getSchema().getColumn("email").getTypeInfo().getOdpsType()).isEqualTo(OdpsType.STRING);
        assertThat(table.getSchema().getColumn("visits").getTypeInfo().getOdpsType()).isEqualTo(OdpsType.BIGINT);
        rows = rows("customers");
        assertThat(rows).hasSize(50);
        assertThat(rows.stream().filter(r -> r.get("id").equals(9L)).findFirst().orElseThrow())
                .containsEntry("visits", 5_000_000_000L).containsEntry("email", "a@b.c");
        assertThat(rows.stream().filter(r -> r.get("id").equals(1L)).findFirst().orElseThrow())
                .containsEntry("visits", 1L).containsEntry("email", null);

        // a replay of everything (a crash before the offsets were committed) leaves the same table
        offset = 0;
        task.put(batch);
        commit();
        assertThat(rows("customers")).hasSize(50);
    }

    @Test
    void bufferedChangesAreWrittenWithinASecondAndConnectIsAskedToCommit() throws Exception {
        startTask(Map.of());
        task.put(List.of(event("c", 1, "first")));
        Thread.sleep(1_100);
        task.put(List.of()); // Connect's next poll found nothing new
        assertThat(context.commitRequested).isTrue();
        assertThat(rows("events")).hasSize(1);
        assertThat(commit()).containsEntry(EVENTS, new OffsetAndMetadata(offset));
    }

    /** Every row of seed 004's type mapping, from Debezium's (Connect's) schema types to the created column's type. */
    @Test
    void everyTypeOfSeed004sMappingBecomesItsMaxComputeType() throws Exception {
        startTask(Map.of());
        Schema struct = SchemaBuilder.struct().field("a", Schema.INT64_SCHEMA).field("b", Schema.OPTIONAL_STRING_SCHEMA)
                .optional().build();
        Schema row = SchemaBuilder.struct().name("pg.public.typed.Value").optional()
                .field("id", Schema.INT64_SCHEMA)
                .field("c_varchar", Schema.OPTIONAL_STRING_SCHEMA)
                .field("c_boolean", Schema.OPTIONAL_BOOLEAN_SCHEMA)
                .field("c_binary", Schema.OPTIONAL_BYTES_SCHEMA)
                .field("c_decimal", Decimal.builder(3).parameter("connect.decimal.precision", "12").optional().build())
                .field("c_tinyint", Schema.OPTIONAL_INT8_SCHEMA)
                .field("c_smallint", Schema.OPTIONAL_INT16_SCHEMA)
                .field("c_integer", Schema.OPTIONAL_INT32_SCHEMA)
                .field("c_bigint", Schema.OPTIONAL_INT64_SCHEMA)
                .field("c_float", Schema.OPTIONAL_FLOAT32_SCHEMA)
                .field("c_double", Schema.OPTIONAL_FLOAT64_SCHEMA)
                .field("c_time", SchemaBuilder.int64().name("io.debezium.time.MicroTime").optional().build())
                .field("c_date", SchemaBuilder.int32().name("io.debezium.time.Date").optional().build())
                .field("c_timestamp", SchemaBuilder.int64().name("io.debezium.time.Timestamp").optional().build())
                .field("c_timestamptz", SchemaBuilder.string().name("io.debezium.time.ZonedTimestamp").optional().build())
                .field("c_array", SchemaBuilder.array(Schema.INT32_SCHEMA).optional().build())
                .field("c_map", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.INT64_SCHEMA).optional().build())
                .field("c_row", struct)
                .build();
        Struct image = new Struct(row).put("id", 1L).put("c_varchar", "text").put("c_boolean", true)
                .put("c_binary", new byte[] {1, 2, 3}).put("c_decimal", new BigDecimal("123.456"))
                .put("c_tinyint", (byte) 7).put("c_smallint", (short) 300).put("c_integer", 70_000)
                .put("c_bigint", 1L << 40).put("c_float", 1.5f).put("c_double", 2.25)
                .put("c_time", 45_296_000_001L).put("c_date", 19_782).put("c_timestamp", 1_709_212_455_500L)
                .put("c_timestamptz", "2024-02-29T13:14:15.5Z").put("c_array", List.of(1, 2))
                .put("c_map", Map.of("k", 5L)).put("c_row", new Struct(struct).put("a", 9L).put("b", "x"));
        Schema envelope = SchemaBuilder.struct().field("after", row).field("op", Schema.STRING_SCHEMA)
                .field("source", SchemaBuilder.struct().field("table", Schema.STRING_SCHEMA).build()).build();
        Struct value = new Struct(envelope).put("after", image).put("op", "c")
                .put("source", new Struct(envelope.field("source").schema()).put("table", "typed"));
        // a worker with JsonConverter hands the task Structs; the service's StringConverter the JSON text
        task.put(List.of(new SinkRecord(CUSTOMERS.topic(), 0, KEY, new Struct(KEY).put("id", 1L), envelope, value,
                offset++)));
        commit();

        com.aliyun.odps.TableSchema schema = table("typed").getSchema();
        Map<String, String> types = new LinkedHashMap<>();
        schema.getColumns().forEach(c -> types.put(c.getName(), c.getTypeInfo().getTypeName().replace("`", "")));
        assertThat(types).containsExactly(Map.entry("id", "BIGINT"), Map.entry("c_varchar", "STRING"),
                Map.entry("c_boolean", "BOOLEAN"), Map.entry("c_binary", "BINARY"),
                Map.entry("c_decimal", "DECIMAL(12,3)"), Map.entry("c_tinyint", "TINYINT"),
                Map.entry("c_smallint", "SMALLINT"), Map.entry("c_integer", "INT"), Map.entry("c_bigint", "BIGINT"),
                Map.entry("c_float", "FLOAT"), Map.entry("c_double", "DOUBLE"), Map.entry("c_time", "STRING"),
                Map.entry("c_date", "DATE"), Map.entry("c_timestamp", "TIMESTAMP_NTZ"),
                Map.entry("c_timestamptz", "TIMESTAMP"), Map.entry("c_array", "ARRAY<INT>"),
                Map.entry("c_map", "MAP<STRING,BIGINT>"), Map.entry("c_row", "STRUCT<a:BIGINT,b:STRING>"));
        Map<String, Object> stored = maxCompute.emulator.rows(MaxComputeTables.PROJECT, "typed", null).get(0);
        assertThat(stored).containsEntry("c_varchar", "text").containsEntry("c_decimal", new BigDecimal("123.456"))
                .containsEntry("c_tinyint", (byte) 7).containsEntry("c_smallint", (short) 300)
                .containsEntry("c_float", 1.5f).containsEntry("c_time", "12:34:56.000001")
                .containsEntry("c_date", LocalDate.of(2024, 2, 29))
                .containsEntry("c_timestamp", LocalDateTime.of(2024, 2, 29, 13, 14, 15, 500_000_000))
                .containsEntry("c_timestamptz", java.time.Instant.parse("2024-02-29T13:14:15.5Z"))
                .containsEntry("c_array", List.of(1, 2)).containsEntry("c_map", Map.of("k", 5L))
                .containsEntry("c_row", List.of(9L, "x"));
        assertThat((byte[]) stored.get("c_binary")).containsExactly(1, 2, 3);
    }

    /**
     * A write MaxCompute refuses for good (the table dropped under the connector) fails the task once max_retries
     * commits in a row were refused. Connect fails no task for a failed commit: it rewinds and puts the records again.
     */
    @Test
    void writesMaxComputeKeepsRefusingFailTheTaskAfterMaxRetriesCommits() throws Exception {
        startTask(Map.of("max_retries", "2"));
        task.put(List.of(event("c", 1, "first")));
        commit();
        maxCompute.emulator.execute("DROP TABLE events");
        SinkRecord next = event("c", 2, "second");
        for (int refused = 1; refused <= 3; refused++) {
            task.put(List.of(next)); // Connect puts the rewound records again
            assertThatThrownBy(this::commit).as("commit %d", refused).isInstanceOf(ConnectException.class)
                    .hasMessageContaining("events");
        }
        assertThatThrownBy(() -> task.put(List.of(next))).isInstanceOf(ConnectException.class)
                .hasMessageContaining("3 commits in a row").hasMessageContaining("max_retries=2");
    }

    @Test
    void aSourceTableWithoutKeyBecomesAnAppendTableWhereUpdatesAreInsertedAndDeletesIgnored() throws Exception {
        startTask(Map.of());
        task.put(List.of(event("c", 1, "first"), event("c", 2, "second"), event("u", 1, "again"), event("d", 2, "second")));
        commit();
        Table table = table("events");
        assertThat(table.isTransactional()).isFalse();
        assertThat(table.getSchema().getColumn("weight").getTypeInfo().getOdpsType()).isEqualTo(OdpsType.DOUBLE);
        assertThat(table.getSchema().getColumn("tags").getTypeInfo().getTypeName()).isEqualToIgnoringCase("ARRAY<STRING>");
        List<Map<String, Object>> rows = rows("events");
        assertThat(rows).extracting(r -> r.get("what")).containsExactlyInAnyOrder("first", "again", "second");
        assertThat(rows.get(0).get("tags")).isEqualTo(List.of("a", "b"));
    }

    /**
     * Partitions lost (the task's consumer fell out of its group: Connect closes them without asking for a commit
     * first) are read again by their next owner from the last commit. The changes of them this task still buffered
     * are not written after the new owner's newer ones, which would turn a row back; its other partitions' are.
     */
    @Test
    void changesOfLostPartitionsAreNotWrittenOverTheirNewOwnersNewerOnes() throws Exception {
        startTask(Map.of());
        task.put(List.of(customer("c", 1, "first", 1, null)));
        commit();
        long lastCommitted = offset;
        SinkRecord kept = event("c", 1, "kept");
        task.put(List.of(customer("u", 1, "older", 2, null), kept));
        task.close(List.of(CUSTOMERS));

        MaxComputeSinkTask newOwner = started(new RecordingContext(context.configs(), CUSTOMERS));
        try {
            offset = lastCommitted;
            newOwner.put(List.of(customer("u", 1, "older", 2, null), customer("u", 1, "newest", 3, null)));
            newOwner.preCommit(new HashMap<>(Map.of(CUSTOMERS, new OffsetAndMetadata(0))));
        } finally {
            newOwner.stop();
        }

        Map<TopicPartition, OffsetAndMetadata> committed = commit();
        assertThat(rows("customers")).singleElement().satisfies(row -> assertThat(row).containsEntry("name", "newest")
                .containsEntry("visits", 3));
        assertThat(rows("events")).extracting(r -> r.get("what")).containsExactly("kept");
        assertThat(committed).containsEntry(EVENTS, new OffsetAndMetadata(kept.kafkaOffset() + 1))
                .doesNotContainKey(CUSTOMERS);
    }

    @Test
    void badChangeEventsGoToTheDeadLetterQueueWithTheirReasonAndTheRestIsWritten() {
        startTask(Map.of("errors.tolerance", "all"));
        SinkRecord noAfter = new SinkRecord(CUSTOMERS.topic(), 0, null, "{\"id\":1}", null,
                "{\"op\":\"c\",\"after\":null,\"source\":{\"table\":\"customers\"}}", offset++);
        SinkRecord unknownOp = new SinkRecord(CUSTOMERS.topic(), 0, null, "{\"id\":1}", null,
                "{\"op\":\"x\",\"after\":{\"id\":1},\"source\":{\"table\":\"customers\"}}", offset++);
        SinkRecord good = customer("c", 1, "ok", 1, null);
        SinkRecord wrongKey = new SinkRecord(CUSTOMERS.topic(), 0, null, "{\"code\":\"A\"}", null,
                "{\"op\":\"c\",\"after\":{\"id\":2,\"code\":\"A\"},\"source\":{\"table\":\"customers\"}}", offset++);
        task.put(List.of(noAfter, unknownOp, good, wrongKey));
        assertThat(commit()).containsEntry(CUSTOMERS, new OffsetAndMetadata(offset));
        assertThat(context.reported).extracting(e -> e.getValue().getMessage()).containsExactly(
                "op=c without 'after': the row's new image is missing",
                "unknown op 'x' (Debezium's are c, r, u and d)",
                "the record key's fields [code] do not match the primary key [id] of table connector_test.customers");
        assertThat(rows("customers")).extracting(r -> r.get("name")).containsExactly("ok");
    }

    @Test
    void withoutErrorToleranceABadChangeEventFailsTheTaskNamingIt() {
        startTask(Map.of());
        SinkRecord unknownOp = new SinkRecord(CUSTOMERS.topic(), 0, null, "{\"id\":1}", null,
                "{\"op\":\"x\",\"after\":{\"id\":1}}", 41);
        assertThatThrownBy(() -> task.put(List.of(unknownOp))).isInstanceOf(ConnectException.class)
                .hasMessageContaining("pg.public.customers-0@41").hasMessageContaining("unknown op 'x'");
    }

    @Test
    void anIncompatibleTypeChangeIsReportedNamingTheColumnAndBothTypes() {
        startTask(Map.of("errors.tolerance", "all"));
        task.put(List.of(event("c", 1, "first")));
        SinkRecord changed = new SinkRecord(EVENTS.topic(), 0, null, null, null,
                "{\"op\":\"c\",\"after\":{\"id\":\"not-a-number\"},\"source\":{\"table\":\"events\"}}", offset++);
        task.put(List.of(changed));
        assertThat(context.reported).singleElement().extracting(e -> e.getValue().getMessage()).isEqualTo(
                "column 'id' of table connector_test.events is BIGINT but the change event has STRING: not a compatible"
                        + " type change");
    }

    @Test
    void withoutAutoCreateAMissingTableFailsTheTaskNamingIt() {
        startTask(Map.of("auto_create_table", "false"));
        assertThatThrownBy(() -> task.put(List.of(event("c", 1, "x")))).isInstanceOf(ConnectException.class)
                .hasMessageContaining("connector_test.events does not exist");
    }

    @SuppressWarnings("unused")
    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            map.put((String) kv[i], kv[i + 1]);
        }
        return map;
    }
}
