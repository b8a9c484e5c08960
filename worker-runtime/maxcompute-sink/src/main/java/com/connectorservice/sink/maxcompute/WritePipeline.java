package com.connectorservice.sink.maxcompute;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

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
 * <p>Each Kafka partition has an open batch and an ordered queue of sealed batches. A sealed batch is
 * split into parts written concurrently by the pool (one busy partition is written by several threads),
 * but it becomes visible only in its turn: after the previous batch of its partition was durable and its
 * offsets were handed to Connect by {@link #durableOffsets()}. So at most one batch per partition is
 * durable while its offsets are not yet committed, which bounds the rows a crash can make Connect
 * deliver again; later batches meanwhile do the work that leaves nothing visible (batch tunnel blocks).
 *
 * <p>A batch whose write still fails after the retries stops the pipeline: {@link #throwIfFailed()} fails
 * the task with the reason and its offsets are never reported durable, so nothing it held is lost.
 *
 * <p>Memory: {@link #bufferedBytes()} counts every row from {@link #add} until its batch is written or
 * its partition revoked; the task pauses consumption while it is above the bound.
 */
final class WritePipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WritePipeline.class);
    /** Below this many rows per part, one more concurrent part costs more in requests than it saves. */
    static final int MIN_ROWS_PER_PART = 100;

    private final TunnelWriter writer;
    private final Retry retry;
    private final int batchSize;
    private final int threads;
    private final ThreadPoolExecutor pool;
    private final Map<TopicPartition, PartitionState> partitions = new ConcurrentHashMap<>();
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Runnable onWritten;

    /**
     * @param onWritten called from a writer thread after a batch is durable; the task asks Connect to
     *                  commit then, which also gives the partition's next batch its turn
     */
    WritePipeline(TunnelWriter writer, Retry retry, int batchSize, int threads, String name, Runnable onWritten) {
        this.writer = writer;
        this.onWritten = onWritten;
        this.retry = retry;
        this.batchSize = batchSize;
        this.threads = threads;
        AtomicInteger threadNumber = new AtomicInteger();
        pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
            Thread thread = new Thread(runnable, name + "-writer-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
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

    /**
     * Hands over the open batch of each partition that has nothing being written (after each put and at
     * each offset commit). A busy partition keeps filling its batch while earlier ones are written, so batches stay
     * large under load and small only when the partition is idle, where latency matters more. A full buffer
     * seals nothing more: a busy partition's next batch could not be written before the one ahead of it anyway.
     */
    void sealIdle() {
        for (PartitionState state : partitions.values()) {
            Batch sealed = null;
            synchronized (state) {
                if (!state.open.isEmpty() && state.sealed.stream().allMatch(batch -> batch.done)) {
                    sealed = state.seal();
                }
            }
            submit(sealed);
        }
    }

    /**
     * Next offset to consume, per partition, for which every earlier record is durable or routed. The
     * caller hands these offsets to Connect: that gives each partition's next batch its turn to be written.
     */
    Map<TopicPartition, OffsetAndMetadata> durableOffsets() {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        List<Batch> handedOver = new ArrayList<>();
        for (PartitionState state : partitions.values()) {
            synchronized (state) {
                while (!state.sealed.isEmpty() && state.sealed.peekFirst().done) {
                    Batch batch = state.sealed.pollFirst();
                    state.durableNext = batch.lastOffset + 1;
                    handedOver.add(batch);
                }
                if (state.durableNext >= 0) {
                    offsets.put(state.tp, new OffsetAndMetadata(state.durableNext));
                }
            }
        }
        handedOver.forEach(batch -> batch.handedOver.complete(null));
        return offsets;
    }

    /**
     * Forgets revoked partitions: their unwritten records will be consumed again by their new owner.
     * A batch already being made visible finishes; the later ones are dropped. Partitions this task
     * keeps are untouched.
     */
    void revoke(Collection<TopicPartition> revoked) {
        for (TopicPartition tp : revoked) {
            PartitionState state = partitions.remove(tp);
            if (state != null) {
                List<Batch> waiting;
                synchronized (state) {
                    state.revoked = true;
                    bufferedBytes.addAndGet(-state.open.bytes);
                    state.open = new Batch(state);
                    waiting = new ArrayList<>(state.sealed);
                }
                waiting.forEach(batch -> batch.handedOver.complete(null));
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

    /**
     * Writes a sealed batch: every {@code pt}'s upload is opened and its parts prepared at once; in the
     * batch's turn the parts are published, then each upload completed.
     */
    private void submit(Batch batch) {
        if (batch == null) {
            return;
        }
        if (batch.rowsByPt.isEmpty()) {
            complete(batch);
            return;
        }
        List<PtUpload> uploads = batch.rowsByPt.entrySet().stream()
                .map(entry -> new PtUpload(entry.getKey(), split(entry.getValue()))).toList();
        CompletableFuture<Void> prepared = allOf(uploads, upload -> async("open an upload to pt=" + upload.pt,
                        () -> upload.upload = writer.open(upload.pt))
                .thenCompose(opened -> upload.forEachPart("prepare", upload.upload::prepare)));
        prepared.thenCombine(batch.turn, (a, b) -> b)
                .thenCompose(turn -> batch.state.revoked ? CompletableFuture.<Void>completedFuture(null)
                        : allOf(uploads, upload -> upload.forEachPart("write", upload.upload::publish))
                                .thenCompose(published -> allOf(uploads, upload -> async("commit " + upload.rows()
                                        + " rows to pt=" + upload.pt, () -> upload.upload.complete(upload.parts.size())))))
                .whenComplete((done, error) -> {
                    if (error != null) {
                        fail(batch, error);
                    } else if (batch.state.revoked) {
                        bufferedBytes.addAndGet(-batch.bytes);
                    } else {
                        complete(batch);
                    }
                });
    }

    /** Splits one {@code pt}'s rows into as many parts as there are threads, each of at least a minimum size. */
    private List<List<Record>> split(List<Record> rows) {
        int parts = Math.max(1, Math.min(threads, rows.size() / MIN_ROWS_PER_PART));
        List<List<Record>> split = new ArrayList<>(parts);
        for (int part = 0; part < parts; part++) {
            split.add(rows.subList(rows.size() * part / parts, rows.size() * (part + 1) / parts));
        }
        return split;
    }

    private static CompletableFuture<Void> allOf(List<PtUpload> uploads, Function<PtUpload, CompletableFuture<Void>> step) {
        return CompletableFuture.allOf(uploads.stream().map(step).toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> async(String what, Retry.Call call) {
        return CompletableFuture.runAsync(() -> {
            try {
                retry.run(what, call);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, this::execute);
    }

    private void execute(Runnable task) {
        try {
            pool.execute(task);
        } catch (RejectedExecutionException closing) {
            // The pipeline is closed: the batch stays unwritten and its offsets uncommitted.
        }
    }

    private void fail(Batch batch, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (cause instanceof InterruptedException || pool.isShutdown()) {
            return;
        }
        if (failure.compareAndSet(null, cause)) {
            log.error("Giving up writing {} records of {} after retries; the task will fail", batch.records,
                    batch.state.tp, cause);
        }
    }

    private void complete(Batch batch) {
        bufferedBytes.addAndGet(-batch.bytes);
        batch.done = true;
        batch.rowsByPt.clear();
        onWritten.run();
    }

    /** The rows of one batch for one {@code pt}, in parts written concurrently. */
    private final class PtUpload {
        final String pt;
        final List<List<Record>> parts;
        volatile TunnelWriter.Upload upload;

        PtUpload(String pt, List<List<Record>> parts) {
            this.pt = pt;
            this.parts = parts;
        }

        int rows() {
            return parts.stream().mapToInt(List::size).sum();
        }

        CompletableFuture<Void> forEachPart(String verb, PartStep step) {
            CompletableFuture<?>[] steps = new CompletableFuture<?>[parts.size()];
            for (int part = 0; part < parts.size(); part++) {
                int index = part;
                List<Record> rows = parts.get(part);
                steps[part] = async(verb + " part " + index + " (" + rows.size() + " rows) of pt=" + pt,
                        () -> step.run(index, rows));
            }
            return CompletableFuture.allOf(steps);
        }
    }

    private interface PartStep {
        void run(int part, List<Record> rows) throws Exception;
    }

    private final class PartitionState {
        final TopicPartition tp;
        Batch open = new Batch(this);
        final ArrayDeque<Batch> sealed = new ArrayDeque<>();
        long durableNext = -1;
        volatile boolean revoked;

        PartitionState(TopicPartition tp) {
            this.tp = tp;
        }

        /** Closes the open batch; it becomes visible only after the batch before it was handed over. */
        Batch seal() {
            Batch batch = open;
            Batch previous = sealed.peekLast();
            batch.turn = previous == null ? CompletableFuture.completedFuture(null) : previous.handedOver;
            sealed.addLast(batch);
            open = new Batch(this);
            return batch;
        }
    }

    private static final class Batch {
        final PartitionState state;
        final Map<String, List<Record>> rowsByPt = new ConcurrentHashMap<>();
        /** Completed when this batch's offsets were handed to Connect (or its partition revoked). */
        final CompletableFuture<Void> handedOver = new CompletableFuture<>();
        CompletableFuture<Void> turn;
        long lastOffset = -1;
        int rows;
        int records;
        long bytes;
        volatile boolean done;

        Batch(PartitionState state) {
            this.state = state;
        }

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
