package com.connectorservice.sink.tablestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.alicloud.openservices.tablestore.SyncClient;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec;
import com.connectorservice.emulator.tablestore.TablestoreEmulator;
import com.connectorservice.testing.RecordingContext;

/** The task driven as Connect drives it through an outage, against the emulator taken down and brought back. */
class TablestoreSinkTaskTest {

    private static final String AK = TestConfigs.AK;
    private static final String SK = TestConfigs.SK;
    private static final String INSTANCE = TestConfigs.INSTANCE;
    private static final TopicPartition ORDERS = new TopicPartition("orders", 0);

    @TempDir
    Path data;
    private TablestoreEmulator emulator;
    private int port;
    private final RecordingContext context = new RecordingContext(Map.of(), ORDERS);
    private final TablestoreSinkTask task = new TablestoreSinkTask();
    private SyncClient client;
    private TablestoreReader reader;

    @BeforeEach
    void startTask() {
        emulator = start(0);
        port = emulator.port();
        task.initialize(context);
        task.start(config(emulator));
        client = new SyncClient(emulator.endpoint(), AK, SK, INSTANCE);
        reader = new TablestoreReader(client);
    }

    @AfterEach
    void stopTask() {
        task.stop();
        client.shutdown();
        emulator.close();
    }

    /**
     * When a batch fails through an outage, Connect puts the batch it was putting again before it reads the partition
     * again from the failed batch: written then, that newer batch would give a row its newer value before the older
     * ones are written again over it. The task leaves it for its turn, so a row only ever moves forward.
     */
    @Test
    void theBatchPutAgainAfterAnOutageWaitsForTheOlderRecordsSoNoRowGoesBackToAnOlderValue() throws Exception {
        firstRowCommittedThenOutage();
        task.put(List.of(order(1, 1, "v1")));
        task.put(List.of(order(2, 2, "v2")));
        List<SinkRecord> newer = List.of(order(3, 1, "v3"));
        assertThatThrownBy(() -> task.put(newer)).isInstanceOf(RetriableException.class);
        assertThat(context.movedTo).containsEntry(ORDERS, 1L);

        back();
        task.put(newer); // Connect's retry of the batch, before it reads offsets 1 to 3 again
        assertThat(task.preCommit(offsets(4))).isEqualTo(offsets(1));
        assertThat(reader.rows("t_orders")).isEqualTo(Map.of("1", Map.of("v", "v0")));

        task.put(List.of(order(1, 1, "v1"), order(2, 2, "v2"), order(3, 1, "v3")));
        assertThat(task.preCommit(offsets(4))).isEqualTo(offsets(4));
        assertThat(reader.rows("t_orders")).isEqualTo(Map.of("1", Map.of("v", "v3"), "2", Map.of("v", "v2")));
    }

    /**
     * A batch that fails through an outage at the offset commit: what was written is committed, and the partition is
     * read again from the failed batch at the next put, whose newer records are left for their turn.
     */
    @Test
    void aBatchThatFailedAtTheOffsetCommitIsWrittenWhenReadAgain() throws Exception {
        firstRowCommittedThenOutage();
        task.put(List.of(order(1, 1, "v1"), order(2, 2, "v2")));
        assertThat(task.preCommit(offsets(3))).isEqualTo(offsets(1));
        assertThat(context.movedTo).isEmpty();
        task.put(List.of(order(3, 1, "v3"))); // read before Connect moves the consumer back
        assertThat(context.movedTo).containsEntry(ORDERS, 1L);

        back();
        task.put(List.of(order(1, 1, "v1"), order(2, 2, "v2"), order(3, 1, "v3"))); // read again from offset 1
        assertThat(task.preCommit(offsets(4))).isEqualTo(offsets(4));
        assertThat(reader.rows("t_orders")).isEqualTo(Map.of("1", Map.of("v", "v3"), "2", Map.of("v", "v2")));
    }

    /**
     * A rebalance during an outage: Connect commits the partition it takes away and closes it. The task asks no move of
     * the consumer for it (Connect would seek a partition it no longer has, which fails the task); its next owner
     * reads it from the committed offset.
     */
    @Test
    void aPartitionTakenAwayDuringAnOutageIsNotMovedAfterItIsClosed() throws Exception {
        firstRowCommittedThenOutage();
        task.put(List.of(order(1, 1, "v1")));
        takeAway(offsets(2));
        task.put(List.of());
        assertThat(context.movedTo).isEmpty();
    }

    /**
     * Partitions lost (taken away without a commit) during an outage: their writes in flight are over when close
     * returns, so none lands over the rows of their next owner, and the failed one moves no partition the task no
     * longer has.
     */
    @Test
    void closingALostPartitionWaitsForItsWritesInFlightAndMovesNothingOfIt() throws Exception {
        firstRowCommittedThenOutage();
        task.put(List.of(order(1, 1, "v1")));
        long closing = System.nanoTime();
        task.close(List.of(ORDERS));
        // the write in flight runs out its retry budget (1 s) before close returns
        assertThat(Duration.ofNanos(System.nanoTime() - closing)).isGreaterThan(Duration.ofMillis(500));
        context.assignment.remove(ORDERS);
        assertThat(task.preCommit(Map.of())).isEmpty();
        task.put(List.of());
        assertThat(context.movedTo).isEmpty();
    }

    /** Writes in flight to a slow Tablestore are acknowledged before close returns. */
    @Test
    void closeReturnsOnceTheWritesInFlightAreAcknowledged() throws Exception {
        outage();
        emulator = TablestoreEmulator.builder().port(port).dataDirectory(data).credential(AK, SK).instance(INSTANCE)
                .latency(Duration.ofMillis(300)).start();
        task.put(List.of(order(0, 1, "v0"), order(1, 2, "v1")));
        task.close(List.of(ORDERS));
        assertThat(emulator.rows(INSTANCE, "t_orders")).hasSize(2);
    }

    /**
     * A record Tablestore refuses, of a partition lost while its write was in flight, reaches the dead-letter queue
     * once: from the partition's next owner, which reads it again from the committed offset, not also from the task
     * that lost the partition when it finishes that write after close.
     */
    @Test
    void aRowRefusedAfterItsPartitionWasLostIsReportedOnceByItsNextOwner() throws Exception {
        task.stop();
        outage();
        emulator = TablestoreEmulator.builder().port(port).dataDirectory(data).credential(AK, SK).instance(INSTANCE)
                .latency(Duration.ofMillis(300)).start();
        Map<String, String> tolerant = new java.util.HashMap<>(config(emulator));
        tolerant.put("errors.tolerance", "all");
        task.initialize(context);
        task.start(tolerant);
        List<SinkRecord> records = List.of(order(0, 1, "v0"), refused(1));
        task.put(records);
        task.close(List.of(ORDERS)); // lost: taken away without a commit
        context.assignment.remove(ORDERS);
        assertThat(task.preCommit(Map.of())).isEmpty();

        RecordingContext nextOwnersContext = new RecordingContext(Map.of(), ORDERS);
        TablestoreSinkTask nextOwner = new TablestoreSinkTask();
        nextOwner.initialize(nextOwnersContext);
        nextOwner.start(tolerant);
        try {
            nextOwner.put(records);
            assertThat(nextOwner.preCommit(offsets(2))).isEqualTo(offsets(2));
        } finally {
            nextOwner.stop();
        }
        assertThat(context.reported).isEmpty();
        assertThat(nextOwnersContext.reported).extracting(report -> report.getKey().kafkaOffset()).containsExactly(1L);
    }

    /**
     * With no error topic (failure policy STOP) a row Tablestore refuses fails the task, also when the refusal comes
     * back while Connect commits offsets: Connect fails no task for that, it moves the consumer back and goes on, so
     * the task failed at the next put instead of reading the record again at every commit, RUNNING for ever.
     */
    @Test
    void aRowRefusedWhileConnectCommitsFailsTheTaskAtTheNextPutWithoutCommittingIt() {
        task.put(List.of(order(0, 1, "v0"), refused(1)));
        assertThat(task.preCommit(offsets(2))).as("nothing past the refused row").isEmpty();
        assertThatThrownBy(() -> task.put(List.of())).isInstanceOf(ConnectException.class)
                .hasMessageContaining("orders-0@1");
        assertThat(context.movedTo).isEmpty();
    }

    /** Row 1 written and its offset committed, then Tablestore goes away. */
    private void firstRowCommittedThenOutage() {
        task.put(List.of(order(0, 1, "v0")));
        assertThat(task.preCommit(offsets(1))).isEqualTo(offsets(1));
        outage();
    }

    /** What Connect does with partitions it takes away: it commits them (a failure only logged), then closes them. */
    private void takeAway(Map<TopicPartition, OffsetAndMetadata> offsets) {
        try {
            task.preCommit(offsets);
        } catch (RuntimeException loggedByConnect) {
            // Connect: "Offset commit failed during close"
        }
        task.close(offsets.keySet());
        context.assignment.removeAll(offsets.keySet());
    }

    private void outage() {
        emulator.close();
    }

    private void back() {
        emulator = start(port);
    }

    private TablestoreEmulator start(int port) {
        return TablestoreEmulator.builder().port(port).dataDirectory(data).credential(AK, SK).instance(INSTANCE).start();
    }

    private static Map<String, String> config(TablestoreEmulator emulator) {
        return TestConfigs.emulatorSettings(emulator.endpoint(), TablestoreSinkSpec.PRIMARY_KEY_MODE, "record_value",
                TablestoreSinkSpec.PRIMARY_KEY_NAMES, "id", TablestoreSinkSpec.PRIMARY_KEY_TYPES, "integer",
                TablestoreSinkSpec.RETRY_TIMEOUT_MS, "1000", TablestoreSinkSpec.REQUEST_TIMEOUT_MS, "500");
    }

    private static SinkRecord order(long offset, int id, String version) {
        byte[] value = ("{\"id\":" + id + ",\"v\":\"" + version + "\"}").getBytes(StandardCharsets.UTF_8);
        return new SinkRecord(ORDERS.topic(), ORDERS.partition(), null, null, Schema.BYTES_SCHEMA, value, offset);
    }

    /** A record whose column name Tablestore refuses (the sink passes field names through as they are). */
    private static SinkRecord refused(long offset) {
        byte[] value = ("{\"id\":" + offset + ",\"bad name!\":\"x\"}").getBytes(StandardCharsets.UTF_8);
        return new SinkRecord(ORDERS.topic(), ORDERS.partition(), null, null, Schema.BYTES_SCHEMA, value, offset);
    }

    private static Map<TopicPartition, OffsetAndMetadata> offsets(long next) {
        return Map.of(ORDERS, new OffsetAndMetadata(next));
    }
}
