package com.connectorservice.sink.maxcompute;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.aliyun.odps.data.Record;

/**
 * Buffers rows per Kafka partition, hands full batches to a pool of writer threads, and knows which
 * offsets are durable.
 *
 * <p>Each Kafka partition has an open batch and an ordered queue of sealed batches. Sealed batches are
 * written in parallel (also several of one busy partition); the durable offset of a partition only moves
 * past a batch once it and every batch before it are written. A batch whose write still fails after
 * the retries stops the pipeline: {@link #throwIfFailed()} fails the task with the reason and its
 * offsets are never reported durable, so nothing it held is lost.
 *
 * <p>Memory: {@link #bufferedBytes()} counts every row from {@link #add} until its batch is written or
 * its partition revoked; the task pauses consumption while it is above the bound.
 */
final class WritePipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WritePipeline.class);

    private final TunnelWriter writer;
    private final Retry retry;
    private final int batchSize;
    private final ExecutorService pool;
    private final Map<TopicPartition, PartitionState> partitions = new ConcurrentHashMap<>();
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Runnable onWritten;

    /**
     * @param onWritten called from a writer thread after a batch is durable; the task asks Connect to
     *                  commit then, so that a crash replays as few written rows as possible
     */
    WritePipeline(TunnelWriter writer, Retry retry, int batchSize, int threads, String name, Runnable onWritten) {
        this.writer = writer;
        this.onWritten = onWritten;
        this.retry = retry;
        this.batchSize = batchSize;
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadPoolExecutor executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, name + "-writer-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        this.pool = executor;
    }

    /**
     * Adds one record at {@code offset}. {@code row} is null for a record that was routed elsewhere
     * (error topic); its offset still counts, so it becomes durable with the rows around it.
     */
    void add(TopicPartition tp, long offset, String pt, Record row, long bytes) {
        PartitionState state = partitions.computeIfAbsent(tp, PartitionState::new);
        Batch sealed = null;
        synchronized (state) {
            state.open.add(offset, pt, row, bytes);
            bufferedBytes.addAndGet(bytes);
            if (state.open.rows >= batchSize) {
                sealed = state.seal();
            }
        }
        submit(sealed);
    }

    /** Hands every open batch to the writers (to drain when the buffer is full, or when stopping). */
    void sealAll() {
        seal(false);
    }

    /**
     * Hands over the open batch of each partition that has nothing being written (after each put and at
     * each offset commit). A busy partition keeps filling its batch while earlier ones are written, so batches stay
     * large under load and small only when the partition is idle, where latency matters more.
     */
    void sealIdle() {
        seal(true);
    }

    private void seal(boolean onlyIdle) {
        for (PartitionState state : partitions.values()) {
            Batch sealed = null;
            synchronized (state) {
                boolean idle = state.sealed.stream().allMatch(batch -> batch.done);
                if (!state.open.isEmpty() && (idle || !onlyIdle)) {
                    sealed = state.seal();
                }
            }
            submit(sealed);
        }
    }

    /** Next offset to consume, per partition, for which every earlier record is durable or routed. */
    Map<TopicPartition, OffsetAndMetadata> durableOffsets() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionState state : partitions.values()) {
            synchronized (state) {
                while (!state.sealed.isEmpty() && state.sealed.peekFirst().done) {
                    state.durableNext = state.sealed.pollFirst().lastOffset + 1;
                }
                if (state.durableNext >= 0) {
                    offsets.put(state.tp, new OffsetAndMetadata(state.durableNext));
                }
            }
        }
        return offsets;
    }

    /**
     * Forgets revoked partitions: their unwritten records will be consumed again by their new owner.
     * Partitions this task keeps are untouched.
     */
    void revoke(Collection<TopicPartition> revoked) {
        for (TopicPartition tp : revoked) {
            PartitionState state = partitions.remove(tp);
            if (state != null) {
                synchronized (state) {
                    bufferedBytes.addAndGet(-state.open.bytes);
                    state.open = new Batch();
                }
            }
        }
    }

    long bufferedBytes() {
        return bufferedBytes.get();
    }

    /** Rows held per partition (open and being written); for tests and metrics. */
    Map<TopicPartition, Long> heldRecords() {
        Map<TopicPartition, Long> held = new LinkedHashMap<>();
        partitions.forEach((tp, state) -> {
            synchronized (state) {
                long count = state.open.records;
                for (Batch batch : state.sealed) {
                    count += batch.done ? 0 : batch.records;
                }
                held.put(tp, count);
            }
        });
        return held;
    }

    void throwIfFailed() {
        Throwable cause = failure.get();
        if (cause != null) {
            throw new ConnectException("Writing to MaxCompute failed after retries; offsets of unwritten records"
                    + " were not committed and they will be written again when the task restarts: " + cause.getMessage(),
                    cause);
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.close();
    }

    private void submit(Batch batch) {
        if (batch == null) {
            return;
        }
        if (batch.rowsByPt.isEmpty()) {
            complete(batch);
            return;
        }
        pool.execute(() -> write(batch));
    }

    private void write(Batch batch) {
        try {
            List<String> pending = new ArrayList<>(batch.rowsByPt.keySet());
            for (String pt : pending) {
                List<Record> rows = batch.rowsByPt.get(pt);
                retry.run("write " + rows.size() + " rows to pt=" + pt, () -> writer.write(pt, rows));
                // A partition already written is not written again if a later one needs a retry.
                batch.rowsByPt.remove(pt);
            }
            complete(batch);
            onWritten.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Throwable e) {
            if (failure.compareAndSet(null, e)) {
                log.error("Giving up writing {} records of {} after retries; the task will fail", batch.records,
                        batch.tp, e);
            }
        }
    }

    private void complete(Batch batch) {
        bufferedBytes.addAndGet(-batch.bytes);
        batch.done = true;
        batch.rowsByPt.clear();
    }

    private final class PartitionState {
        final TopicPartition tp;
        Batch open = new Batch();
        final ArrayDeque<Batch> sealed = new ArrayDeque<>();
        long durableNext = -1;

        PartitionState(TopicPartition tp) {
            this.tp = tp;
        }

        Batch seal() {
            Batch batch = open;
            batch.tp = tp;
            sealed.addLast(batch);
            open = new Batch();
            return batch;
        }
    }

    private static final class Batch {
        TopicPartition tp;
        final Map<String, List<Record>> rowsByPt = new ConcurrentHashMap<>();
        long lastOffset = -1;
        int rows;
        int records;
        long bytes;
        volatile boolean done;

        void add(long offset, String pt, Record row, long size) {
            lastOffset = Math.max(lastOffset, offset);
            records++;
            bytes += size;
            if (row != null) {
                rowsByPt.computeIfAbsent(pt, k -> new ArrayList<>()).add(row);
                rows++;
            }
        }

        boolean isEmpty() {
            return records == 0;
        }
    }
}
