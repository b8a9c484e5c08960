package com.connectorservice.emulator.maxcompute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.aliyun.odps.Column;
import com.aliyun.odps.Odps;
import com.aliyun.odps.OdpsException;
import com.aliyun.odps.PartitionSpec;
import com.aliyun.odps.commons.proto.ProtobufRecordStreamWriter;
import com.aliyun.odps.data.Binary;
import com.aliyun.odps.data.Record;
import com.aliyun.odps.data.RecordReader;
import com.aliyun.odps.data.RecordWriter;
import com.aliyun.odps.rest.RestClient;
import com.aliyun.odps.tunnel.TableTunnel;
import com.aliyun.odps.tunnel.TunnelException;
import com.aliyun.odps.tunnel.io.CompressOption;
import com.fasterxml.jackson.databind.ObjectMapper;

class BatchTunnelTest {

    private static final String PROJECT = EmulatorFixture.PROJECT;
    private static final PartitionSpec PT = new PartitionSpec("pt='07-13-2023 21:13'");

    @TempDir
    Path data;
    EmulatorFixture fixture;

    @BeforeEach
    void start() throws Exception {
        fixture = new EmulatorFixture(data);
        fixture.sql("CREATE TABLE IF NOT EXISTS table_text(topic STRING, `partition` BIGINT, `offset` BIGINT,"
                + " key STRING, value STRING) PARTITIONED BY (pt STRING);");
        fixture.sql("ALTER TABLE table_text ADD PARTITION (pt='07-13-2023 21:13');");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    private static void write(TableTunnel.UploadSession session, RecordWriter writer, int from, int to)
            throws Exception {
        for (int i = from; i < to; i++) {
            Record r = session.newRecord();
            r.setString("topic", "topic_text");
            r.setBigint("partition", 0L);
            r.setBigint("offset", (long) i);
            r.setString("value", "value-" + i);
            writer.write(r);
        }
        writer.close();
    }

    private TableTunnel.UploadSession newSession() throws Exception {
        return new TableTunnel(fixture.odps()).createUploadSession(PROJECT, "table_text", PT);
    }

    private List<Long> offsets() {
        List<Long> offsets = new ArrayList<>();
        fixture.emulator.rows(PROJECT, "table_text", PT.toString()).forEach(r -> offsets.add((Long) r.get("offset")));
        return offsets;
    }

    @Test
    void everyTypeRoundTripsThroughUploadDownloadAndSelect() throws Exception {
        fixture.sql("CREATE TABLE all_types (s STRING, b BIGINT, i INT, d DOUBLE, f BOOLEAN, dt DATETIME,"
                + " ts TIMESTAMP, dec DECIMAL(20,4), bin BINARY, j JSON);");
        Odps odps = fixture.odps();
        TableTunnel tunnel = new TableTunnel(odps); // no tunnel endpoint: routed by the project's tunnel answer
        TableTunnel.UploadSession session = tunnel.createUploadSession(PROJECT, "all_types");
        Timestamp timestamp = Timestamp.from(Instant.parse("2023-07-13T21:13:14.123456789Z"));
        Date datetime = Date.from(Instant.parse("2023-07-13T21:13:14.120Z"));
        try (RecordWriter writer = session.openRecordWriter(0)) {
            Record r = session.newRecord();
            r.setString("s", "héllo, \"world\"");
            r.setBigint("b", -9_000_000_000L);
            r.set("i", 42);
            r.setDouble("d", 3.25);
            r.setBoolean("f", true);
            r.setDatetime("dt", datetime);
            r.set("ts", timestamp);
            r.setDecimal("dec", new BigDecimal("12345.6789"));
            r.set("bin", new Binary(new byte[] {0, 1, 2, (byte) 255}));
            r.set("j", new com.aliyun.odps.data.SimpleJsonValue("{\"region\":\"beijing\"}"));
            writer.write(r);
            writer.write(session.newRecord()); // all NULL
        }
        session.commit(new Long[] {0L});

        TableTunnel.DownloadSession download = tunnel.createDownloadSession(PROJECT, "all_types");
        assertThat(download.getRecordCount()).isEqualTo(2);
        try (RecordReader reader = download.openRecordReader(0, 2)) {
            Record r = reader.read();
            assertThat(r.getString("s")).isEqualTo("héllo, \"world\"");
            assertThat(r.getBigint("b")).isEqualTo(-9_000_000_000L);
            assertThat(r.get("i")).isEqualTo(42);
            assertThat(r.getDouble("d")).isEqualTo(3.25);
            assertThat(r.getBoolean("f")).isTrue();
            assertThat(r.getDatetime("dt")).isEqualTo(datetime);
            assertThat(r.get("ts")).isIn(timestamp, timestamp.toInstant());
            assertThat(r.getDecimal("dec")).isEqualByComparingTo("12345.6789");
            assertThat(((Binary) r.get("bin")).data()).containsExactly(0, 1, 2, 255);
            assertThat(r.get("j").toString()).isEqualTo("{\"region\":\"beijing\"}");
            Record empty = reader.read();
            for (int i = 0; i < empty.getColumnCount(); i++) {
                assertThat(empty.get(i)).isNull();
            }
            assertThat(reader.read()).isNull();
        }
        Map<String, Object> row = fixture.emulator.rows(PROJECT, "all_types", null).get(0);
        assertThat(row.get("ts")).isEqualTo(Instant.parse("2023-07-13T21:13:14.123456789Z"));
        assertThat(row.get("i")).isEqualTo(42);
        assertThat(fixture.sql("select count(*) from all_types")).isEqualTo("_c0\n2\n");
        java.time.ZoneId zone = java.time.ZoneId.systemDefault();
        String printedDatetime = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                .format(datetime.toInstant().atZone(zone));
        String printedTimestamp = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS")
                .format(timestamp.toInstant().atZone(zone));
        assertThat(fixture.sql("select * from all_types limit 1")).contains(printedDatetime + "," + printedTimestamp)
                .contains(",12345.6789,\\x00\\x01\\x02\\xff,").endsWith("\n");
        assertThat(fixture.sql("select * from all_types where f = 'true'")).contains("héllo");
    }

    @Test
    void rewrittenBlockReplacesTheOldOneAndCommitPublishesAllBlocksAtOnce() throws Exception {
        TableTunnel tunnel = new TableTunnel(fixture.odps());
        TableTunnel.UploadSession session = tunnel.createUploadSession(PROJECT, "table_text", PT);
        write(session, session.openRecordWriter(0), 0, 3);
        write(session, session.openRecordWriter(0), 10, 12); // rewrite: replaces block 0
        write(session, session.openRecordWriter(1), 20, 21);
        assertThat(session.getBlockList()).containsExactlyInAnyOrder(0L, 1L);
        assertThat(offsets()).isEmpty();
        assertThat(fixture.sql("select count(*) from table_text where pt='07-13-2023 21:13'")).isEqualTo("_c0\n0\n");

        session.commit(new Long[] {0L, 1L});
        assertThat(offsets()).containsExactly(10L, 11L, 20L);
        assertThat(session.getStatus()).isEqualTo(TableTunnel.UploadStatus.CLOSED);
        // a lost commit response is retried safely: the same commit is acknowledged again, nothing doubles
        session.commit(new Long[] {0L, 1L});
        assertThat(offsets()).hasSize(3);
    }

    @Test
    void uncommittedSessionsStayInvisibleAndSessionsSurviveARestart() throws Exception {
        TableTunnel tunnel = new TableTunnel(fixture.odps());
        TableTunnel.UploadSession committed = tunnel.createUploadSession(PROJECT, "table_text", PT);
        write(committed, committed.openRecordWriter(0), 0, 5);
        committed.commit(new Long[] {0L});
        TableTunnel.UploadSession pending = tunnel.createUploadSession(PROJECT, "table_text", PT);
        write(pending, pending.openRecordWriter(7), 100, 102);
        assertThat(offsets()).containsExactly(0L, 1L, 2L, 3L, 4L);

        fixture.restart();

        assertThat(offsets()).containsExactly(0L, 1L, 2L, 3L, 4L);
        TableTunnel resumedTunnel = new TableTunnel(fixture.odps());
        TableTunnel.UploadSession resumed = resumedTunnel.getUploadSession(PROJECT, "table_text", PT, pending.getId());
        assertThat(resumed.getBlockList()).containsExactly(7L);
        // what the sink's commit log asks after a crash: each recorded session's status, as it was before the restart
        assertThat(resumed.getStatus()).isEqualTo(TableTunnel.UploadStatus.NORMAL);
        assertThat(resumedTunnel.getUploadSession(PROJECT, "table_text", PT, committed.getId()).getStatus())
                .isEqualTo(TableTunnel.UploadStatus.CLOSED);
        resumed.commit(new Long[] {7L});
        fixture.restart();
        assertThat(new TableTunnel(fixture.odps()).getUploadSession(PROJECT, "table_text", PT, pending.getId())
                .getStatus()).isEqualTo(TableTunnel.UploadStatus.CLOSED);
        assertThat(offsets()).containsExactly(0L, 1L, 2L, 3L, 4L, 100L, 101L);
        TableTunnel.DownloadSession download = resumedTunnel.createDownloadSession(PROJECT, "table_text", PT);
        try (RecordReader reader = download.openRecordReader(5, 2)) {
            assertThat(reader.read().getBigint("offset")).isEqualTo(100L);
            assertThat(reader.read().getBigint("offset")).isEqualTo(101L);
            assertThat(reader.read()).isNull();
        }
    }

    @Test
    void uploadSessionsTakeNoDirectoryEachAndOnesOfAnOlderDataDirectoryStillAnswer() throws Exception {
        // a sink commits a session every few seconds per partition, for as long as it runs
        TableTunnel tunnel = new TableTunnel(fixture.odps());
        for (int i = 0; i < 20; i++) {
            TableTunnel.UploadSession session = tunnel.createUploadSession(PROJECT, "table_text", PT);
            write(session, session.openRecordWriter(0), i, i + 1);
            session.commit(new Long[] {0L});
        }
        assertThat(offsets()).hasSize(20);
        Path sessions = data.resolve("sessions");
        if (Files.exists(sessions)) {
            try (var entries = Files.list(sessions)) {
                assertThat(entries).isEmpty();
            }
        }

        // an open session that an emulator before this one kept as sessions/<id>/session.json
        Path tableJson;
        try (var files = Files.walk(data.resolve("projects"))) {
            tableJson = files.filter(file -> file.getFileName().toString().equals("table.json")
                    && file.getParent().getFileName().toString().startsWith("table_text.")).findFirst().orElseThrow();
        }
        String tableId = new ObjectMapper().readTree(tableJson.toFile()).get("tableId").asText();
        String id = "20230713211300legacy000000001";
        Files.createDirectories(sessions.resolve(id));
        Files.writeString(sessions.resolve(id).resolve("session.json"), "{\"id\":\"" + id + "\",\"project\":\""
                + PROJECT + "\",\"table\":\"table_text\",\"tableId\":\"" + tableId + "\",\"partitionSpec\":"
                + "\"pt=07-13-2023 21:13\",\"overwrite\":false,\"createdAtMillis\":1,\"schemaVersion\":0}");
        fixture.restart();
        TableTunnel.UploadSession legacy = new TableTunnel(fixture.odps())
                .getUploadSession(PROJECT, "table_text", PT, id);
        write(legacy, legacy.openRecordWriter(3), 100, 102);
        legacy.commit(new Long[] {3L});
        assertThat(offsets()).hasSize(22).contains(100L, 101L);
    }

    @Test
    void aCommitIsAllOrNothingAcrossACrashAndARetryDoesNotDoubleRows() throws Exception {
        TableTunnel tunnel = new TableTunnel(fixture.odps());
        TableTunnel.UploadSession session = tunnel.createUploadSession(PROJECT, "table_text", PT);
        write(session, session.openRecordWriter(0), 0, 3);
        write(session, session.openRecordWriter(1), 3, 5);
        fixture.restart(); // the crash before the commit: the acknowledged blocks are kept, nothing is visible

        assertThat(offsets()).isEmpty();
        TableTunnel.UploadSession retried = new TableTunnel(fixture.odps())
                .getUploadSession(PROJECT, "table_text", PT, session.getId());
        assertThat(retried.getBlockList()).containsExactlyInAnyOrder(0L, 1L);
        retried.commit(new Long[] {0L, 1L});
        fixture.restart(); // the crash after the commit, before the client saw the answer: it commits again
        new TableTunnel(fixture.odps()).getUploadSession(PROJECT, "table_text", PT, session.getId())
                .commit(new Long[] {0L, 1L});
        assertThat(offsets()).containsExactly(0L, 1L, 2L, 3L, 4L);
    }

    @ParameterizedTest
    @EnumSource(value = CompressOption.CompressAlgorithm.class,
            names = {"ODPS_RAW", "ODPS_ZLIB", "ODPS_SNAPPY", "ODPS_LZ4_FRAME"})
    void compressedBlocksAreAccepted(CompressOption.CompressAlgorithm algorithm) throws Exception {
        TableTunnel tunnel = new TableTunnel(fixture.odps());
        tunnel.setEndpoint(fixture.emulator.tunnelEndpoint());
        CompressOption option = new CompressOption(algorithm, 1, 0);
        TableTunnel.UploadSession session = tunnel.createUploadSession(PROJECT, "table_text", PT);
        write(session, session.openRecordWriter(0, option), 0, 1000);
        session.commit(new Long[] {0L});
        TableTunnel.UploadSession bufferedSession = tunnel.createUploadSession(PROJECT, "table_text", PT);
        write(bufferedSession, bufferedSession.openBufferedWriter(option), 1000, 3000);
        bufferedSession.commit();
        assertThat(offsets()).hasSize(3000).startsWith(0L, 1L).endsWith(2999L);
    }

    /** The record stream the SDK would send for {@code values} (column name, value pairs), uncompressed. */
    private static byte[] encode(TableTunnel.UploadSession session, String... columnsAndValues) throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ProtobufRecordStreamWriter writer = new ProtobufRecordStreamWriter(session.getSchema(), body,
                new CompressOption(CompressOption.CompressAlgorithm.ODPS_RAW, 0, 0));
        // no client-side field size limit: the point is what the server accepts
        Record r = new com.aliyun.odps.data.ArrayRecord(session.getSchema().getColumns().toArray(new Column[0]), true,
                Long.MAX_VALUE, false);
        for (int i = 0; i < columnsAndValues.length; i += 2) {
            r.setString(columnsAndValues[i], columnsAndValues[i + 1]);
        }
        writer.write(r);
        writer.close();
        return body.toByteArray();
    }

    /** Sends a block body as it is, signed by the SDK's own client, bypassing its record writer. */
    private void putRawBlock(TableTunnel.UploadSession session, long blockId, byte[] body) throws OdpsException {
        putRawBlock(session, blockId, body, null);
    }

    private void putRawBlock(TableTunnel.UploadSession session, long blockId, byte[] body, String contentEncoding)
            throws OdpsException {
        RestClient raw = fixture.odps().clone().getRestClient();
        raw.setEndpoint(fixture.emulator.tunnelEndpoint());
        Map<String, String> params = new HashMap<>();
        params.put("uploadid", session.getId());
        params.put("blockid", String.valueOf(blockId));
        params.put("partition", "pt=07-13-2023 21:13");
        Map<String, String> headers = new HashMap<>();
        headers.put("Content-Type", "application/octet-stream");
        if (contentEncoding != null) {
            headers.put("Content-Encoding", contentEncoding);
        }
        raw.request("/projects/" + PROJECT + "/tables/table_text", "PUT", params, headers, body);
    }

    @Test
    void corruptedRecordChecksumIsRejectedAndNothingIsStored() throws Exception {
        TableTunnel.UploadSession session = newSession();
        byte[] good = encode(session, "topic", "topic_text", "value", "untouched-value");
        byte[] flipped = good.clone();
        flipped[new String(good, StandardCharsets.ISO_8859_1).indexOf("untouched-value")] = 'U'; // a flipped bit
        assertThatThrownBy(() -> putRawBlock(session, 3, flipped))
                .isInstanceOf(OdpsException.class)
                .hasMessageContaining("checksum mismatch in record 1")
                .satisfies(e -> assertThat(((OdpsException) e).getStatus()).isEqualTo(400));
        assertThatThrownBy(() -> putRawBlock(session, 3, java.util.Arrays.copyOf(good, good.length - 3)))
                .isInstanceOf(OdpsException.class).hasMessageContaining("record stream ends");
        for (String encoding : List.of("deflate", "x-snappy-framed", "x-lz4-frame")) {
            assertThatThrownBy(() -> putRawBlock(session, 3, good, encoding)) // says compressed, is not
                    .isInstanceOf(OdpsException.class).hasMessageContaining("cannot read the request body");
        }
        assertThatThrownBy(() -> putRawBlock(session, 3, good, "zstd"))
                .isInstanceOf(OdpsException.class).hasMessageContaining("not supported");
        assertThat(session.getBlockList()).isEmpty();
        putRawBlock(session, 3, good);
        assertThat(session.getBlockList()).containsExactly(3L);
    }

    @Test
    void valuesOverTheFieldSizeLimitAreRejected() throws Exception {
        TableTunnel.UploadSession session = newSession();
        byte[] huge = encode(session, "value", "x".repeat(8 * 1024 * 1024 + 1));
        assertThatThrownBy(() -> putRawBlock(session, 0, huge))
                .isInstanceOf(OdpsException.class).hasMessageContaining("exceeds the limit of 8388608 bytes");
        assertThat(session.getBlockList()).isEmpty();
    }

    @Test
    void overwritingSessionReplacesThePartitionOnCommit() throws Exception {
        TableTunnel tunnel = new TableTunnel(fixture.odps());
        TableTunnel.UploadSession first = tunnel.createUploadSession(PROJECT, "table_text", PT);
        write(first, first.openRecordWriter(0), 0, 3);
        first.commit(new Long[] {0L});
        TableTunnel.UploadSession overwrite = tunnel.createUploadSession(PROJECT, "table_text", PT, true);
        write(overwrite, overwrite.openRecordWriter(0), 50, 51);
        assertThat(offsets()).containsExactly(0L, 1L, 2L);
        overwrite.commit(new Long[] {0L});
        assertThat(offsets()).containsExactly(50L);
    }

    @Test
    void threeTierAddressingWithTheDefaultSchemaWorksEverywhere() throws Exception {
        Odps odps = fixture.odps();
        odps.setCurrentSchema("default");
        com.aliyun.odps.Table table = odps.tables().get(PROJECT, "default", "table_text");
        PartitionSpec spec = new PartitionSpec("pt='07-14-2023 00:10'");
        if (!table.hasPartition(spec)) {
            table.createPartition(spec, true);
        }
        TableTunnel tunnel = new TableTunnel(odps);
        TableTunnel.UploadSession session = tunnel.createUploadSession(PROJECT, "default", "table_text", spec, false);
        write(session, session.openRecordWriter(0), 0, 2);
        session.commit(new Long[] {0L});
        TableTunnel.StreamUploadSession stream = tunnel.buildStreamUploadSession(PROJECT, "table_text")
                .setSchemaName("default").setPartitionSpec(spec).setCreatePartition(true).build();
        TableTunnel.StreamRecordPack pack = stream.newRecordPack();
        Record r = stream.newRecord();
        r.setBigint("offset", 2L);
        pack.append(r);
        pack.flush();
        assertThat(fixture.emulator.rows(PROJECT, "table_text", spec.toString()))
                .extracting(row -> row.get("offset")).containsExactly(0L, 1L, 2L);
    }

    @Test
    void tunnelRejectsAWrongSecretWithTheAuthenticationError() {
        Odps wrong = fixture.odps(EmulatorFixture.ACCESS_ID, "wrong-secret");
        TableTunnel tunnel = new TableTunnel(wrong);
        tunnel.setEndpoint(fixture.emulator.tunnelEndpoint());
        assertThatThrownBy(() -> tunnel.createUploadSession(PROJECT, "table_text", PT))
                .isInstanceOf(TunnelException.class)
                .satisfies(e -> assertThat(((TunnelException) e).getErrorCode()).isEqualTo("SignatureNotMatch"))
                .satisfies(e -> assertThat(((TunnelException) e).getStatus()).isEqualTo(401));
    }

    @Test
    void uploadToAMissingPartitionOrTableFails() {
        TableTunnel tunnel = new TableTunnel(fixture.odps());
        assertThatThrownBy(() -> tunnel.createUploadSession(PROJECT, "table_text", new PartitionSpec("pt='nope'")))
                .isInstanceOf(TunnelException.class).hasMessageContaining("NoSuchPartition");
        assertThatThrownBy(() -> tunnel.createUploadSession(PROJECT, "no_table", PT))
                .isInstanceOf(TunnelException.class).hasMessageContaining("NoSuchTable");
    }

    @Test
    void manyConcurrentSessionsAllLand() throws Exception {
        int sessions = 8;
        ExecutorService pool = Executors.newFixedThreadPool(sessions);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                int base = s * 1000;
                futures.add(pool.submit(() -> {
                    TableTunnel tunnel = new TableTunnel(fixture.odps());
                    TableTunnel.UploadSession session = tunnel.createUploadSession(PROJECT, "table_text", PT);
                    write(session, session.openRecordWriter(0), base, base + 250);
                    write(session, session.openRecordWriter(1), base + 250, base + 500);
                    session.commit(new Long[] {0L, 1L});
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(offsets()).hasSize(sessions * 500).doesNotHaveDuplicates();
    }

    @Test
    void largeBlocksAreStoredOnceInTheirOwnFilesAndGoWithTheirRecords() throws Exception {
        TableTunnel.UploadSession session = newSession();
        String value = "v".repeat(1000);
        writeLarge(session.openRecordWriter(0), 0, 3000, value);
        writeLarge(session.openRecordWriter(0), 10_000, 13_000, value); // rewrite: replaces block 0 and its file
        writeLarge(session.openRecordWriter(1), 20_000, 23_000, value);
        write(session, session.openRecordWriter(2), 30_000, 30_002); // small: stays in the store
        assertThat(segmentFiles()).hasSize(2);
        fixture.restart(); // the crash before the commit keeps the acknowledged blocks

        new TableTunnel(fixture.odps()).getUploadSession(PROJECT, "table_text", PT, session.getId())
                .commit(new Long[] {0L, 1L, 2L});
        fixture.restart();

        List<Long> expected = new ArrayList<>();
        for (long i = 10_000; i < 13_000; i++) {
            expected.add(i);
        }
        for (long i = 20_000; i < 23_000; i++) {
            expected.add(i);
        }
        expected.addAll(List.of(30_000L, 30_001L));
        TableTunnel.DownloadSession download = new TableTunnel(fixture.odps()).createDownloadSession(PROJECT,
                "table_text", PT);
        List<Long> read = new ArrayList<>();
        try (RecordReader reader = download.openRecordReader(0, download.getRecordCount())) {
            for (Record r = reader.read(); r != null; r = reader.read()) {
                read.add(r.getBigint("offset"));
                if (r.getBigint("offset") < 30_000) {
                    assertThat(r.getString("value")).isEqualTo(value);
                }
            }
        }
        assertThat(read).isEqualTo(expected);
        assertThat(fixture.sql("select count(*) from table_text where pt='07-13-2023 21:13'"))
                .isEqualTo("_c0\n6002\n");

        fixture.sql("ALTER TABLE table_text DROP PARTITION (pt='07-13-2023 21:13');");
        assertThat(segmentFiles()).isEmpty();
    }

    private static void writeLarge(RecordWriter writer, int from, int to, String value) throws Exception {
        Record r = new com.aliyun.odps.data.ArrayRecord(new Column[] {new Column("topic", com.aliyun.odps.OdpsType.STRING),
                new Column("partition", com.aliyun.odps.OdpsType.BIGINT), new Column("offset", com.aliyun.odps.OdpsType.BIGINT),
                new Column("key", com.aliyun.odps.OdpsType.STRING), new Column("value", com.aliyun.odps.OdpsType.STRING)});
        for (int i = from; i < to; i++) {
            r.setString("topic", "topic_text");
            r.setBigint("partition", 0L);
            r.setBigint("offset", (long) i);
            r.setString("value", value);
            writer.write(r);
        }
        writer.close();
    }

    private List<Path> segmentFiles() throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(data)) {
            return files.filter(file -> file.getParent().getFileName().toString().equals("store-segments")).toList();
        }
    }

    @Test
    void downloadRangesSpanBlocksOfAnySize() throws Exception {
        TableTunnel.UploadSession session = newSession();
        write(session, session.openRecordWriter(0), 0, 10);
        write(session, session.openRecordWriter(1), 10, 13);
        write(session, session.openRecordWriter(2), 13, 23);
        session.commit(new Long[] {0L, 1L, 2L});
        TableTunnel.DownloadSession download = new TableTunnel(fixture.odps()).createDownloadSession(PROJECT,
                "table_text", PT);
        TableTunnel.UploadSession later = newSession();
        write(later, later.openRecordWriter(0), 23, 30);
        later.commit(new Long[] {0L});

        // the session reads the rows as they were when it was created
        assertThat(download.getRecordCount()).isEqualTo(23);
        assertThat(offsets(download, 5, 18)).isEqualTo(range(5, 23));
        TableTunnel.DownloadSession now = new TableTunnel(fixture.odps()).createDownloadSession(PROJECT, "table_text", PT);
        assertThat(now.getRecordCount()).isEqualTo(30);
        assertThat(offsets(now, 12, 15)).isEqualTo(range(12, 27)); // across both commits
        assertThat(offsets(now, 24, 6)).isEqualTo(range(24, 30)); // the first commit skipped whole
    }

    private static List<Long> offsets(TableTunnel.DownloadSession download, long start, long count) throws Exception {
        List<Long> read = new ArrayList<>();
        try (RecordReader reader = download.openRecordReader(start, count)) {
            for (Record r = reader.read(); r != null; r = reader.read()) {
                read.add(r.getBigint("offset"));
            }
        }
        return read;
    }

    private static List<Long> range(long from, long to) {
        return java.util.stream.LongStream.range(from, to).boxed().toList();
    }

    @Test
    void downloadSelectsColumnsAndCompresses() throws Exception {
        TableTunnel tunnel = new TableTunnel(fixture.odps());
        TableTunnel.UploadSession session = tunnel.createUploadSession(PROJECT, "table_text", PT);
        write(session, session.openRecordWriter(0), 0, 3);
        session.commit(new Long[] {0L});
        TableTunnel.DownloadSession download = tunnel.createDownloadSession(PROJECT, "table_text", PT);
        List<Column> columns = List.of(download.getSchema().getColumn("value"), download.getSchema().getColumn("offset"));
        try (RecordReader reader = download.openRecordReader(1, 2, false, columns)) {
            Record r = reader.read();
            assertThat(r.getString("value")).isEqualTo("value-1");
            assertThat(r.getBigint("offset")).isEqualTo(1L);
        }
        try (RecordReader compressed = download.openRecordReader(0, 3, true)) { // Accept-Encoding: deflate
            assertThat(compressed.read().getString("value")).isEqualTo("value-0");
            assertThat(compressed.read()).isNotNull();
            assertThat(compressed.read().getBigint("offset")).isEqualTo(2L);
            assertThat(compressed.read()).isNull();
        }
    }
}
