package com.connectorservice.sink.maxcompute;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.aliyun.odps.data.Record;
import com.aliyun.odps.data.RecordWriter;
import com.aliyun.odps.tunnel.TableTunnel;

/** The commit log against the emulator through the real SDK: what a task reads back after a crash settles it. */
class ConnectorOffsetsTableTest {

    private static final TopicPartition TP = new TopicPartition("orders", 3);

    @TempDir
    Path data;
    MaxComputeTables maxCompute;
    MaxComputeTable table;

    @BeforeEach
    void start() {
        maxCompute = new MaxComputeTables(data);
        maxCompute.execute("CREATE TABLE t(topic STRING, `partition` BIGINT, `offset` BIGINT, key STRING, value STRING)"
                + " PARTITIONED BY (pt STRING)");
        maxCompute.execute("ALTER TABLE t ADD PARTITION (pt='p1')");
        table = new MaxComputeTable(new MaxComputeSinkConfig(maxCompute.connectorSettings("t")));
    }

    @AfterEach
    void stop() {
        maxCompute.close();
    }

    private TableTunnel.UploadSession upload(long offset) throws Exception {
        TableTunnel.UploadSession session = table.tunnel().createUploadSession(MaxComputeTables.PROJECT, "t",
                MaxComputeTable.spec("p1"));
        try (RecordWriter writer = session.openRecordWriter(0)) {
            Record record = session.newRecord();
            record.setBigint("offset", offset);
            writer.write(record);
        }
        return session;
    }

    private ConnectorOffsetsTable.Session named(TableTunnel.UploadSession session) {
        return new ConnectorOffsetsTable.Session("t", MaxComputeTable.spec("p1").toString(), session.getId());
    }

    @Test
    void aRecordedSessionLeftOpenIsCommittedOnceAndTheTaskResumesAfterItsBatch() throws Exception {
        ConnectorOffsetsTable log = ConnectorOffsetsTable.open(table, "orders-sink").orElseThrow();
        ConnectorOffsetsTable other = ConnectorOffsetsTable.open(table, "other-sink").orElseThrow();
        TableTunnel.UploadSession committed = upload(10);
        log.record(Map.of(TP, new long[] {10, 19}), List.of(named(committed)));
        committed.commit(new Long[] {0L});
        TableTunnel.UploadSession open = upload(20);
        log.record(Map.of(TP, new long[] {20, 29}), List.of(named(open)));
        other.record(Map.of(TP, new long[] {500, 599}), List.of());
        assertThat(maxCompute.rows("t")).extracting(r -> r.get("offset")).containsExactly(10L);

        // the task crashed before committing "open": a new task settles it from the session's status
        maxCompute.stop();
        maxCompute.restart();
        Map<TopicPartition, ConnectorOffsetsTable.Entry> entries = log.read(List.of(TP, new TopicPartition("orders", 4)));
        assertThat(entries).containsOnlyKeys(TP);
        assertThat(entries.get(TP).first()).isEqualTo(20);
        assertThat(log.recover(entries.get(TP))).contains(30L);
        assertThat(maxCompute.rows("t")).extracting(r -> r.get("offset")).containsExactlyInAnyOrder(10L, 20L);
        // settling again (a second crash before anything new was recorded) changes nothing
        assertThat(log.recover(log.read(List.of(TP)).get(TP))).contains(30L);
        assertThat(maxCompute.rows("t")).hasSize(2);
        assertThat(other.read(List.of(TP)).get(TP).last()).isEqualTo(599);
        log.close();
        other.close();
    }

    @Test
    void resettingTheConnectorsOffsetsThroughConnectDeletesItsRowsOnly() throws Exception {
        ConnectorOffsetsTable log = ConnectorOffsetsTable.open(table, "orders-sink").orElseThrow();
        ConnectorOffsetsTable other = ConnectorOffsetsTable.open(table, "other-sink").orElseThrow();
        TopicPartition kept = new TopicPartition("orders", 4);
        log.record(Map.of(TP, new long[] {0, 9}, kept, new long[] {0, 4}), List.of());
        other.record(Map.of(TP, new long[] {0, 99}), List.of());
        Map<String, String> config = maxCompute.connectorSettings("t");
        config.put("name", "orders-sink");
        java.util.Map<TopicPartition, Long> reset = new java.util.HashMap<>();
        reset.put(TP, null);

        assertThat(new MaxComputeSinkConnector().alterOffsets(config, reset)).isTrue();

        assertThat(log.read(List.of(TP, kept))).containsOnlyKeys(kept);
        assertThat(other.read(List.of(TP))).containsOnlyKeys(TP);
        log.close();
        other.close();
    }

    @Test
    void aSessionThatCannotBeFoundLeavesTheOffsetsToConnect() throws Exception {
        ConnectorOffsetsTable log = ConnectorOffsetsTable.open(table, "orders-sink").orElseThrow();
        log.record(Map.of(TP, new long[] {0, 9}), List.of(new ConnectorOffsetsTable.Session("t",
                MaxComputeTable.spec("p1").toString(), "20260101000000abcdefabcdefabcdef")));
        assertThat(log.recover(log.read(List.of(TP)).get(TP))).isEmpty();
        log.close();
    }

    @Test
    void aConnectionClosedBeforeMaxComputeAnsweredFailsTheRecordAsUnavailableInsteadOfWaitingForever() throws Exception {
        try (FaultyProxy proxy = new FaultyProxy(maxCompute.emulator.tunnelEndpoint())) {
            Map<String, String> settings = maxCompute.connectorSettings("t");
            settings.put("tunnel_endpoint", proxy.endpoint());
            MaxComputeTable throughProxy = new MaxComputeTable(new MaxComputeSinkConfig(settings));
            ConnectorOffsetsTable log = ConnectorOffsetsTable.open(throughProxy, "orders-sink").orElseThrow();
            proxy.hangUpOn("PUT"); // the upsert stream's flush: the row is sent, no answer comes

            java.util.concurrent.CompletableFuture<Void> recording = java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    log.record(Map.of(TP, new long[] {0, 9}), List.of());
                } catch (Exception e) {
                    throw new java.util.concurrent.CompletionException(e);
                }
            });
            assertThat(recording).failsWithin(java.time.Duration.ofSeconds(20))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .satisfies(e -> assertThat(Retry.unavailable(e.getCause())).as(e.toString()).isTrue());
            assertThat(proxy.hungUp).hasPositiveValue();

            proxy.hangUpOn(null); // MaxCompute answers again: the retry records the batch
            log.record(Map.of(TP, new long[] {0, 9}), List.of());
            assertThat(log.read(List.of(TP)).get(TP).last()).isEqualTo(9);
            log.close();
            throughProxy.close();
        }
    }
}
