package com.connectorservice.sink.maxcompute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.aliyun.odps.data.ArrayRecord;
import com.aliyun.odps.data.Record;

/**
 * The offset bookkeeping of the pipeline, with a writer of our own standing in for the tunnel (the
 * end-to-end tests use the SDK against the emulator). Each test is one defect of the official
 * connector that ours must not have.
 */
class WritePipelineTest {

    private static final TopicPartition P0 = new TopicPartition("t", 0);
    private static final TopicPartition P1 = new TopicPartition("t", 1);
    private static final Record ROW = new ArrayRecord(Schemas.of("topic STRING").getColumns().toArray(new com.aliyun.odps.Column[0]));

    private final List<String> written = Collections.synchronizedList(new ArrayList<>());
    private WritePipeline pipeline;

    /** The rows of a batch's parts for one pt, as the tunnel would make them visible. */
    interface Publish {
        void write(String pt, List<Record> rows) throws Exception;
    }

    private static TunnelWriter publishing(Publish publish) {
        return pt -> new TunnelWriter.Upload() {
            @Override
            public void prepare(int part, List<Record> rows) {
            }

            @Override
            public void publish(int part, List<Record> rows) throws Exception {
                publish.write(pt, rows);
            }

            @Override
            public void complete(int parts) {
            }
        };
    }

    @AfterEach
    void close() {
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    void aPartitionsNextBatchBecomesVisibleOnlyAfterTheOffsetsOfThePreviousOneWereHandedOver() {
        List<String> prepared = Collections.synchronizedList(new ArrayList<>());
        pipeline = new WritePipeline(pt -> new TunnelWriter.Upload() {
            @Override
            public void prepare(int part, List<Record> rows) {
                prepared.add(pt);
            }

            @Override
            public void publish(int part, List<Record> rows) {
                written.add(pt + ":" + rows.size());
            }

            @Override
            public void complete(int parts) {
            }
        }, new Retry(0, 1), 2, 4, "test", () -> { });
        for (long offset = 0; offset < 4; offset++) {
            pipeline.add(P0, offset, offset < 2 ? "first" : "second", ROW, 10);
        }
        // The second batch is prepared at once, but a crash now must replay at most one batch: it waits.
        await().atMost(Duration.ofSeconds(5)).until(() -> prepared.containsAll(List.of("first", "second")));
        await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> written.equals(List.of("first:2")));
        assertThat(pipeline.durableOffsets()).isEqualTo(Map.of(P0, new OffsetAndMetadata(2)));
        await().atMost(Duration.ofSeconds(5)).until(() -> pipeline.durableOffsets().equals(Map.of(P0, new OffsetAndMetadata(4))));
        assertThat(written).containsExactly("first:2", "second:2");
        assertThat(pipeline.bufferedBytes()).isZero();
    }

    @Test
    void aBatchThatKeepsFailingFailsTheTaskAndItsOffsetsNeverAdvance() {
        AtomicInteger attempts = new AtomicInteger();
        pipeline = new WritePipeline(publishing((pt, rows) -> {
            attempts.incrementAndGet();
            throw new java.io.IOException("tunnel unavailable");
        }), new Retry(2, 1), 10, 2, "test", () -> { });
        pipeline.add(P0, 0, "pt", ROW, 10);
        pipeline.sealIdle();
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThatThrownBy(pipeline::throwIfFailed)
                .isInstanceOf(ConnectException.class).hasMessageContaining("tunnel unavailable")
                .hasMessageContaining("3 attempts"));
        assertThat(attempts).hasValue(3);
        assertThat(pipeline.durableOffsets()).isEmpty();
        assertThat(pipeline.bufferedBytes()).isEqualTo(10);
    }

    @Test
    void aTransientFailureIsRetriedWithoutLosingTheBatch() {
        AtomicInteger attempts = new AtomicInteger();
        pipeline = new WritePipeline(publishing((pt, rows) -> {
            if (attempts.incrementAndGet() < 3) {
                throw new java.io.IOException("503");
            }
            written.add(pt + ":" + rows.size());
        }), new Retry(5, 1), 10, 2, "test", () -> { });
        pipeline.add(P0, 0, "a", ROW, 10);
        pipeline.add(P0, 1, "a", ROW, 10);
        pipeline.sealIdle();
        await().atMost(Duration.ofSeconds(5)).until(() -> pipeline.durableOffsets().equals(Map.of(P0, new OffsetAndMetadata(2))));
        assertThat(written).containsExactly("a:2");
        pipeline.throwIfFailed();
    }

    @Test
    void routedRecordsCountTowardsTheOffsetWithoutBeingWritten() {
        pipeline = new WritePipeline(publishing((pt, rows) -> written.add(pt + ":" + rows.size())), new Retry(0, 1), 10, 2, "test", () -> { });
        pipeline.add(P0, 0, "a", ROW, 10);
        pipeline.add(P0, 1, null, null, 0);
        pipeline.add(P0, 2, "b", ROW, 10);
        pipeline.add(P1, 0, null, null, 0);
        pipeline.sealIdle();
        await().atMost(Duration.ofSeconds(5)).until(() -> pipeline.durableOffsets().size() == 2);
        assertThat(pipeline.durableOffsets()).containsEntry(P0, new OffsetAndMetadata(3)).containsEntry(P1, new OffsetAndMetadata(1));
        assertThat(written).containsExactlyInAnyOrder("a:1", "b:1");
    }

    @Test
    void revokingOnePartitionKeepsTheBufferedRecordsOfTheOthers() {
        pipeline = new WritePipeline(publishing((pt, rows) -> written.add(pt + ":" + rows.size())), new Retry(0, 1), 100, 2, "test", () -> { });
        pipeline.add(P0, 0, "p0", ROW, 10);
        pipeline.add(P1, 0, "p1", ROW, 10);
        pipeline.add(P1, 1, "p1", ROW, 10);
        pipeline.revoke(List.of(P0));
        assertThat(pipeline.heldRecords()).isEqualTo(Map.of(P1, 2L));
        assertThat(pipeline.bufferedBytes()).isEqualTo(20);
        pipeline.sealIdle();
        await().atMost(Duration.ofSeconds(5)).until(() -> pipeline.durableOffsets().equals(Map.of(P1, new OffsetAndMetadata(2))));
        assertThat(written).containsExactly("p1:2");
    }

    @Test
    void oneBusyPartitionsBatchIsWrittenInPartsByParallelThreads() {
        CountDownLatch bothRunning = new CountDownLatch(2);
        int rows = 2 * WritePipeline.MIN_ROWS_PER_PART;
        pipeline = new WritePipeline(publishing((pt, part) -> {
            bothRunning.countDown();
            if (!bothRunning.await(5, java.util.concurrent.TimeUnit.SECONDS)) {
                throw new IllegalStateException("the parts of one batch were written one after the other");
            }
            written.add(pt + ":" + part.size());
        }), new Retry(0, 1), rows, 2, "test", () -> { });
        for (long offset = 0; offset < rows; offset++) {
            pipeline.add(P0, offset, "pt", ROW, 10);
        }
        await().atMost(Duration.ofSeconds(8)).until(() -> pipeline.durableOffsets().equals(Map.of(P0, new OffsetAndMetadata(rows))));
        pipeline.throwIfFailed();
        int half = WritePipeline.MIN_ROWS_PER_PART;
        assertThat(written).containsExactly("pt:" + half, "pt:" + half);
    }

    @Test
    void atCommitABusyPartitionKeepsFillingItsBatchWhileAnIdleOneIsHandedOver() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        pipeline = new WritePipeline(publishing((pt, rows) -> {
            if (pt.equals("busy")) {
                release.await();
            }
            written.add(pt + ":" + rows.size());
        }), new Retry(0, 1), 2, 4, "test", () -> { });
        pipeline.add(P0, 0, "busy", ROW, 10);
        pipeline.add(P0, 1, "busy", ROW, 10); // full: handed over, blocks in the writer
        pipeline.add(P0, 2, "busy", ROW, 10);
        pipeline.add(P1, 0, "idle", ROW, 10);
        pipeline.sealIdle();
        await().atMost(Duration.ofSeconds(5)).until(() -> written.contains("idle:1"));
        assertThat(pipeline.heldRecords()).containsEntry(P0, 3L);
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> written.contains("busy:2"));
        pipeline.sealIdle();
        await().atMost(Duration.ofSeconds(5)).until(() -> pipeline.durableOffsets().equals(
                Map.of(P0, new OffsetAndMetadata(3), P1, new OffsetAndMetadata(1))));
    }
}
