package com.connectorservice.sink.maxcompute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.connectorservice.sink.common.DestinationMetrics;

/**
 * The offset bookkeeping of the pipeline, with a writer of our own standing in for the tunnel (the end-to-end
 * tests use the SDK against the emulator).
 */
class WritePipelineTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private static final Object[] ROW = {"t"};

    /** What the fake tunnel saw, e.g. "write pt#0:2" or "commit pt:1". */
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final DestinationMetrics destination = new DestinationMetrics();
    private WritePipeline pipeline;

    interface Step {
        void run(String what) throws Exception;
    }

    private TunnelWriter tunnel(boolean visibleOnWrite, Step step) {
        return new TunnelWriter() {
            @Override
            public Upload open(String pt) {
                return new Upload() {
                    @Override
                    public void write(int block, List<Object[]> rows) throws Exception {
                        step.run("write " + pt + "#" + block + ":" + rows.size());
                        events.add("write " + pt + "#" + block + ":" + rows.size());
                    }

                    @Override
                    public void commit(int blocks) throws Exception {
                        step.run("commit " + pt + ":" + blocks);
                        events.add("commit " + pt + ":" + blocks);
                    }
                };
            }

            @Override
            public boolean visibleOnWrite() {
                return visibleOnWrite;
            }
        };
    }

    private WritePipeline pipeline(TunnelWriter tunnel, int maxRetries, int batchRecords, long blockBytes) {
        WritePipeline[] self = new WritePipeline[1];
        self[0] = new WritePipeline(tunnel, new Retry(maxRetries, 1, destination, () -> self[0].closing()), batchRecords,
                blockBytes, 4, "test");
        return self[0];
    }

    /** What the task does: hands the durable offsets to Connect at a commit, then goes on with the next put. */
    private Map<TopicPartition, OffsetAndMetadata> handOver() {
        Map<TopicPartition, OffsetAndMetadata> offsets = pipeline.durableOffsets();
        pipeline.releaseHandedOver();
        return offsets;
    }

    @AfterEach
    void close() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void blocksOfTheNextBatchUploadAtOnceButItBecomesVisibleOnlyAfterThePreviousBatchWasHandedOver() {
        pipeline = pipeline(tunnel(false, what -> { }), 0, 2, 1_000_000);
        for (long offset = 0; offset < 4; offset++) {
            pipeline.add(P0, offset, offset < 2 ? "first" : "second", ROW, 10);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> events.containsAll(List.of("write first#0:2", "write second#0:2",
                "commit first:1")));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !events.contains("commit second:1"));
        assertThat(pipeline.hasNewlyDurable()).isTrue();
        assertThat(handOver()).isEqualTo(Map.of(P0, new OffsetAndMetadata(2)));
        await().atMost(Duration.ofSeconds(5)).until(() -> handOver().equals(Map.of(P0, new OffsetAndMetadata(4))));
        assertThat(pipeline.bufferedBytes()).isZero();
        assertThat(pipeline.hasPending()).isFalse();
    }

    @Test
    void withTheStreamingTunnelEvenTheWritesOfTheNextBatchWaitForTheHandOver() {
        pipeline = pipeline(tunnel(true, what -> { }), 0, 2, 1_000_000);
        for (long offset = 0; offset < 4; offset++) {
            pipeline.add(P0, offset, "pt", ROW, 10);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("write pt#0:2"));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> events.size() == 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> handOver().equals(Map.of(P0, new OffsetAndMetadata(2))));
        await().atMost(Duration.ofSeconds(5)).until(() -> handOver().equals(Map.of(P0, new OffsetAndMetadata(4))));
        assertThat(events).containsExactly("write pt#0:2", "commit pt:1", "write pt#0:2", "commit pt:1");
    }

    @Test
    void offsetsHandedOverAtARevocationLetNoLaterBatchBecomeVisible() {
        pipeline = pipeline(tunnel(true, what -> { }), 0, 2, 1_000_000);
        for (long offset = 0; offset < 4; offset++) {
            pipeline.add(P0, offset, "pt", ROW, 10);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> events.contains("commit pt:1"));
        // Connect's commit before close: the last offsets this task can commit for P0
        assertThat(pipeline.durableOffsets()).isEqualTo(Map.of(P0, new OffsetAndMetadata(2)));
        pipeline.awaitBecomingVisible(1_000);
        pipeline.revoke(List.of(P0));
        // offsets 2 and 3 are left to the next owner: writing them here would write them twice
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> events.size() == 2);
        assertThat(pipeline.bufferedBytes()).isZero();
    }

    @Test
    void aBatchIsSentInBlocksSizedByBytesWhileItStillFills() {
        pipeline = pipeline(tunnel(false, what -> { }), 0, 1000, 100);
        for (long offset = 0; offset < 25; offset++) {
            pipeline.add(P0, offset, "pt", ROW, 10);
        }
        // Two blocks of ten rows left before the batch was sealed; nothing visible yet.
        await().atMost(Duration.ofSeconds(5)).until(() -> events.containsAll(List.of("write pt#0:10", "write pt#1:10")));
        assertThat(events).noneMatch(event -> event.startsWith("commit"));
        pipeline.sealIdle();
        await().atMost(Duration.ofSeconds(5)).until(() -> handOver().equals(Map.of(P0, new OffsetAndMetadata(25))));
        assertThat(events).contains("write pt#2:5", "commit pt:3");
    }

    @Test
    void aCallMaxComputeKeepsRefusingFailsTheTaskAndItsOffsetsNeverAdvance() {
        AtomicInteger attempts = new AtomicInteger();
        pipeline = pipeline(tunnel(false, what -> {
            attempts.incrementAndGet();
            throw new IllegalArgumentException("refused: no such column");
        }), 2, 10, 1_000_000);
        pipeline.add(P0, 0, "pt", ROW, 10);
        pipeline.sealIdle();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThatThrownBy(pipeline::throwIfFailed)
                .isInstanceOf(ConnectException.class).hasMessageContaining("no such column").hasMessageContaining("3 attempts"));
        assertThat(attempts).hasValue(3);
        assertThat(handOver()).isEmpty();
        assertThat(pipeline.bufferedBytes()).isEqualTo(10);
    }

    @Test
    void whileMaxComputeIsUnavailableTheWriteWaitsAsLongAsItTakesAndSaysSo() {
        AtomicInteger attempts = new AtomicInteger();
        long start = System.currentTimeMillis();
        pipeline = pipeline(tunnel(false, what -> {
            if (attempts.incrementAndGet() <= 8) {
                throw new IOException("Connection refused");
            }
        }), 0, 10, 1_000_000);
        pipeline.add(P0, 0, "a", ROW, 10);
        pipeline.add(P0, 1, "a", ROW, 10);
        pipeline.sealIdle();
        await().atMost(Duration.ofSeconds(5)).until(() -> destination.retries() >= 3);
        assertThat(destination.unavailableSince()).isBetween(start, System.currentTimeMillis());
        assertThat(destination.lastError()).contains("Connection refused");
        await().atMost(Duration.ofSeconds(30)).until(() -> handOver().equals(Map.of(P0, new OffsetAndMetadata(2))));
        pipeline.throwIfFailed();
        assertThat(destination.unavailableSince()).isZero();
        assertThat(destination.retries()).isZero();
    }

    @Test
    void routedRecordsCountTowardsTheOffsetWithoutBeingWritten() {
        pipeline = pipeline(tunnel(false, what -> { }), 0, 10, 1_000_000);
        pipeline.add(P0, 0, "a", ROW, 10);
        pipeline.add(P0, 1, null, null, 0);
        pipeline.add(P0, 2, "b", ROW, 10);
        pipeline.add(P1, 0, null, null, 0);
        pipeline.sealIdle();
        await().atMost(Duration.ofSeconds(5)).until(() -> handOver().size() == 2);
        assertThat(handOver()).containsEntry(P0, new OffsetAndMetadata(3)).containsEntry(P1, new OffsetAndMetadata(1));
        assertThat(events).containsExactlyInAnyOrder("write a#0:1", "write b#0:1", "commit a:1", "commit b:1");
    }

    @Test
    void revokingOnePartitionKeepsTheBufferedRecordsOfTheOthers() {
        pipeline = pipeline(tunnel(false, what -> { }), 0, 100, 1_000_000);
        pipeline.add(P0, 0, "p0", ROW, 10);
        pipeline.add(P1, 0, "p1", ROW, 10);
        pipeline.add(P1, 1, "p1", ROW, 10);
        pipeline.revoke(List.of(P0));
        assertThat(pipeline.heldRecords()).isEqualTo(Map.of(P1, 2L));
        assertThat(pipeline.bufferedBytes()).isEqualTo(20);
        pipeline.sealIdle();
        await().atMost(Duration.ofSeconds(5)).until(() -> handOver().equals(Map.of(P1, new OffsetAndMetadata(2))));
        assertThat(events).containsExactly("write p1#0:2", "commit p1:1");
    }
}
