package com.connectorservice.syncjob.runner;

import com.connectorservice.syncjob.protocol.WindowRunResult;
import com.connectorservice.syncjob.protocol.WindowRunSpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import com.connectorservice.emulator.maxcompute.MaxComputeEmulator;
import com.connectorservice.syncjob.mapping.ColumnMapping;
import com.connectorservice.syncjob.mapping.FieldMapping;
import com.connectorservice.syncjob.mapping.SerializedType;
import com.connectorservice.syncjob.table.TargetTableDdl;
import com.connectorservice.testing.KafkaBroker;

/** Windows read from a real broker and written through the real SDK into the MaxCompute emulator. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WindowRunnerTest {

    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final String PROJECT = "sync_test";
    private static final String SEED_VALUE = "{ \"a\": { \"a1\": \"hello\" }, \"b\": \"world\", \"c\":[ \"xxxxxxx\", \"yyyyyyy\" ],"
            + " \"d\":[ { \"AA\":\"this\", \"BB\":\"is_data\" }, { \"AA\":\"that\", \"BB\":\"is_also_data\" } ], \"a.b\": \"unreachable\" }";

    private KafkaBroker kafka;
    private MaxComputeEmulator maxCompute;

    @BeforeAll
    void start() {
        kafka = KafkaBroker.start();
        maxCompute = MaxComputeEmulator.builder().credential("ak", "sk").project(PROJECT).start();
    }

    @AfterAll
    void stop() {
        maxCompute.close();
        kafka.close();
    }

    private static long at(String local) {
        return LocalDateTime.parse(local).atZone(SHANGHAI).toInstant().toEpochMilli();
    }

    private void produce(String topic, int partition, long timestamp, String key, String value) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, partition, timestamp,
                    key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8),
                    List.of(new RecordHeader("h", "v".getBytes(StandardCharsets.UTF_8))));
            producer.send(record).get();
        }
    }

    /** Three hours of records, one a minute, round robin over 3 partitions. */
    private void threeHours(String topic) throws Exception {
        kafka.createTopic(topic, 3);
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            long start = at("2022-11-22T07:00");
            List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
            for (int minute = 0; minute < 180; minute++) {
                long ts = start + minute * 60_000L;
                sent.add(producer.send(new ProducerRecord<>(topic, minute % 3, ts, ("k" + minute).getBytes(StandardCharsets.UTF_8),
                        SEED_VALUE.replace("world", "w" + minute).getBytes(StandardCharsets.UTF_8),
                        List.of(new RecordHeader("minute", String.valueOf(minute).getBytes(StandardCharsets.UTF_8))))));
            }
            for (java.util.concurrent.Future<?> future : sent) {
                future.get();
            }
        }
    }

    private WindowRunSpec spec(String topic, String table, String window, String partition, List<ColumnMapping> mapping,
            Map<Integer, Long> scanUntil, List<WindowRunSpec.EarlierWindow> earlier) {
        long start = at(window);
        return new WindowRunSpec("run-" + System.nanoTime(),
                new WindowRunSpec.Kafka(kafka.bootstrapServers(), Map.of(), topic, "sync-" + topic, SerializedType.STRING,
                        SerializedType.STRING, "UTF-8"),
                start, start + 3_600_000L, WindowRunSpec.EndStrategy.REACH_END_OFFSETS, 2_000, scanUntil,
                earlier, new WindowRunSpec.Target(maxCompute.endpoint(), null, PROJECT, null, table, partition, "ak", "sk",
                        null, SHANGHAI.getId()),
                mapping);
    }

    private List<Map<String, Object>> rows(String table, String partition) {
        return maxCompute.rows(PROJECT, table, partition);
    }

    @Test
    void aWindowHoldsExactlyItsRecordsAndARerunReplacesIt() throws Exception {
        threeHours("clicks");
        maxCompute.execute(TargetTableDdl.createTable("clicks", "ds=${partition}"));

        WindowRunResult first = WindowRunner.run(spec("clicks", "clicks", "2022-11-22T08:00", "ds=2022112209",
                FieldMapping.defaultMapping(), Map.of(), List.of()), new WindowRunner.Progress(), () -> false);
        List<Map<String, Object>> rows = rows("clicks", "ds='2022112209'");
        assertThat(rows).hasSize(60);
        assertThat(first.recordsWritten()).isEqualTo(60);
        assertThat(first.recordsRead()).isEqualTo(60);
        assertThat(rows.stream().map(r -> (Long) r.get("__timestamp__")).collect(Collectors.toSet()))
                .allMatch(ts -> ts >= at("2022-11-22T08:00") && ts < at("2022-11-22T09:00")).hasSize(60);
        Map<String, Object> row = rows.stream().filter(r -> "k60".equals(r.get("__key__"))).findFirst().orElseThrow();
        assertThat(row.get("__partition__")).isEqualTo(0L);
        assertThat(row.get("__headers__")).isEqualTo("{\"minute\":\"60\"}");
        assertThat((String) row.get("__value__")).contains("\"w60\"");
        assertThat(first.startOffsets()).containsEntry(0, 20L).containsEntry(1, 20L).containsEntry(2, 20L);
        assertThat(first.endOffsets()).containsEntry(0, 40L).containsEntry(1, 40L).containsEntry(2, 40L);

        WindowRunner.run(spec("clicks", "clicks", "2022-11-22T08:00", "ds=2022112209", FieldMapping.defaultMapping(),
                Map.of(), List.of()), new WindowRunner.Progress(), () -> false);
        assertThat(rows("clicks", "ds='2022112209'")).hasSize(60);
        assertThat(keys(rows("clicks", "ds='2022112209'"))).isEqualTo(keys(rows));

        // a window without records writes an empty partition
        WindowRunResult empty = WindowRunner.run(spec("clicks", "clicks", "2022-11-22T12:00", "ds=2022112213",
                FieldMapping.defaultMapping(), Map.of(), List.of()), new WindowRunner.Progress(), () -> false);
        assertThat(empty.recordsWritten()).isZero();
        assertThat(rows("clicks", "ds='2022112213'")).isEmpty();
    }

    @Test
    void everySeedJsonPathExampleMapsAsTheSeedSays() throws Exception {
        kafka.createTopic("seed_paths", 1);
        produce("seed_paths", 0, at("2022-11-22T09:30"), "k", SEED_VALUE);
        maxCompute.execute("CREATE TABLE seed_paths (a1 STRING, b STRING, c1 STRING, aa STRING, ab STRING, ab_quoted STRING,"
                + " d1 STRING, k STRING, unmapped STRING, ts DATETIME) PARTITIONED BY (ds STRING)");
        WindowRunner.run(spec("seed_paths", "seed_paths", "2022-11-22T09:00", "ds=2022112210", List.of(
                new ColumnMapping("a.a1", "a1"), new ColumnMapping("b", "b"), new ColumnMapping("c[1]", "c1"),
                new ColumnMapping("d[0].AA", "aa"), new ColumnMapping("a.b", "ab"), new ColumnMapping("['a.b']", "ab_quoted"),
                new ColumnMapping("d[1]", "d1"), new ColumnMapping("__key__", "k"), new ColumnMapping("__timestamp__", "ts")),
                Map.of(), List.of()), new WindowRunner.Progress(), () -> false);
        Map<String, Object> row = rows("seed_paths", "ds='2022112210'").get(0);
        assertThat(row).containsEntry("a1", "hello").containsEntry("b", "world").containsEntry("c1", "yyyyyyy")
                .containsEntry("aa", "this").containsEntry("ab", null).containsEntry("ab_quoted", "unreachable")
                .containsEntry("d1", "{\"AA\":\"that\",\"BB\":\"is_also_data\"}").containsEntry("k", "k")
                .containsEntry("unmapped", null);
        assertThat(row.get("ts")).isNotNull();
    }

    @Test
    void lateRecordsAreCountedForTheirWindowAndARerunTakesThemIn() throws Exception {
        threeHours("late");
        maxCompute.execute(TargetTableDdl.createTable("late", "ds=${partition}"));
        WindowRunResult eight = WindowRunner.run(spec("late", "late", "2022-11-22T08:00", "ds=2022112209",
                FieldMapping.defaultMapping(), Map.of(), List.of()), new WindowRunner.Progress(), () -> false);
        // two records for 08:xx arrive after the 08:00 window ran, behind records of 09:xx
        produce("late", 1, at("2022-11-22T09:59"), "in-time", "{}");
        produce("late", 1, at("2022-11-22T08:30"), "late-1", "{}");
        produce("late", 2, at("2022-11-22T08:31"), "late-2", "{}");
        produce("late", 2, at("2022-11-22T10:00"), "next-hour", "{}");
        WindowRunSpec.EarlierWindow ran = new WindowRunSpec.EarlierWindow(at("2022-11-22T08:00"), at("2022-11-22T09:00"),
                eight.endOffsets());
        WindowRunResult nine = WindowRunner.run(spec("late", "late", "2022-11-22T09:00", "ds=2022112210",
                FieldMapping.defaultMapping(), Map.of(), List.of(ran)), new WindowRunner.Progress(), () -> false);
        assertThat(nine.lateRecordsByWindowStart()).containsExactly(Map.entry(at("2022-11-22T08:00"), 2L));
        assertThat(nine.recordsWritten()).isEqualTo(61);

        WindowRunResult rerun = WindowRunner.run(spec("late", "late", "2022-11-22T08:00", "ds=2022112209",
                FieldMapping.defaultMapping(), nine.endOffsets(), List.of()), new WindowRunner.Progress(), () -> false);
        assertThat(rerun.recordsWritten()).isEqualTo(62);
        assertThat(keys(rows("late", "ds='2022112209'"))).contains("late-1", "late-2").hasSize(62);
    }

    @Test
    void everyPartitionIsReadWithTheNoNewDataStrategyWhenLaterRecordsCloseTheWindow() throws Exception {
        kafka.createTopic("round_robin", 3);
        // a window long past: only the records after it, not the clock, can close it
        long start = at("2022-11-23T07:00");
        try (KafkaProducer<byte[], byte[]> producer = kafka.producer()) {
            List<java.util.concurrent.Future<?>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < 300; i++) { // an hour and a half: the half hour after the window closes it
                sent.add(producer.send(new ProducerRecord<>("round_robin", i % 3, start + i * 18_000L,
                        ("k" + i).getBytes(StandardCharsets.UTF_8), SEED_VALUE.getBytes(StandardCharsets.UTF_8))));
            }
            for (java.util.concurrent.Future<?> future : sent) {
                future.get(); // every record is in the topic before the window runs
            }
        }
        maxCompute.execute(TargetTableDdl.createTable("round_robin", "ds=${partition}"));
        WindowRunSpec base = spec("round_robin", "round_robin", "2022-11-22T08:00", "ds=1", FieldMapping.defaultMapping(),
                Map.of(), List.of());
        WindowRunResult result = WindowRunner.run(new WindowRunSpec(base.runId(), base.kafka(), start, start + 3_600_000L,
                WindowRunSpec.EndStrategy.NO_NEW_DATA, 12_000, Map.of(), List.of(), base.target(), base.mapping()),
                new WindowRunner.Progress(), () -> false);
        assertThat(result.startOffsets()).containsExactly(Map.entry(0, 0L), Map.entry(1, 0L), Map.entry(2, 0L));
        // one record every 18 s, round robin: the hour holds records 0..199, partition p the ones with i % 3 == p
        assertThat(result.endOffsets()).containsExactly(Map.entry(0, 67L), Map.entry(1, 67L), Map.entry(2, 66L));
        assertThat(result.recordsWritten()).isEqualTo(200);
        assertThat(rows("round_robin", "ds='1'")).hasSize(200);
    }

    @Test
    void noNewDataEndsAnOpenPartitionAfterTheIdleTime() throws Exception {
        kafka.createTopic("idle", 2);
        long now = System.currentTimeMillis();
        produce("idle", 0, now - 1000, "k1", "{}");
        maxCompute.execute(TargetTableDdl.createTable("idle", "ds=${partition}"));
        WindowRunSpec base = spec("idle", "idle", "2022-11-22T08:00", "ds=x", FieldMapping.defaultMapping(), Map.of(), List.of());
        WindowRunSpec spec = new WindowRunSpec(base.runId(), base.kafka(), now - 60_000, now + 3_600_000,
                WindowRunSpec.EndStrategy.NO_NEW_DATA, 2_000, Map.of(), List.of(), base.target(), base.mapping());
        long started = System.nanoTime();
        Thread late = new Thread(() -> {
            try {
                Thread.sleep(700);
                produce("idle", 1, System.currentTimeMillis(), "k2", "{}");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        late.start();
        WindowRunResult result = WindowRunner.run(spec, new WindowRunner.Progress(), () -> false);
        late.join();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(result.recordsWritten()).isEqualTo(2);
        assertThat(keys(rows("idle", "ds='x'"))).containsExactlyInAnyOrder("k1", "k2");
    }

    @Test
    void aBadTargetFailsNamingTheFieldAndCommitsNothing() throws Exception {
        kafka.createTopic("bad_target", 1);
        produce("bad_target", 0, at("2022-11-22T08:10"), "k", "{\"n\": \"not a number\"}");
        maxCompute.execute("CREATE TABLE bad_target (n BIGINT) PARTITIONED BY (ds STRING)");
        assertThatThrownBy(() -> WindowRunner.run(spec("bad_target", "bad_target", "2022-11-22T08:00", "ds=1",
                List.of(new ColumnMapping("n", "missing")), Map.of(), List.of()), new WindowRunner.Progress(), () -> false))
                .hasMessageContaining("mapping[0].column").hasMessageContaining("missing");
        assertThatThrownBy(() -> WindowRunner.run(spec("bad_target", "bad_target", "2022-11-22T08:00", "pt=1",
                List.of(new ColumnMapping("n", "n")), Map.of(), List.of()), new WindowRunner.Progress(), () -> false))
                .hasMessageContaining("destination.partition");
        assertThatThrownBy(() -> WindowRunner.run(spec("bad_target", "bad_target", "2022-11-22T08:00", "ds=1",
                List.of(new ColumnMapping("n", "n")), Map.of(), List.of()), new WindowRunner.Progress(), () -> false))
                .hasStackTraceContaining("column 'n' (BIGINT) cannot take 'not a number'");
        assertThat(rows("bad_target", "ds='1'")).isEmpty();
    }

    private static Set<String> keys(List<Map<String, Object>> rows) {
        return rows.stream().map(r -> String.valueOf(r.get("__key__"))).collect(Collectors.toSet());
    }
}
