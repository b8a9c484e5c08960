package com.connectorservice.sink.maxcompute;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;


/**
 * Buffers rows per Kafka partition in batches, streams them to MaxCompute as blocks of about {@code blockBytes}
 * while the batch still fills, and knows which offsets are durable.
 *
 * <p>A batch holds up to {@code batchRecords} records of one Kafka partition. Its rows for each {@code pt} leave as
 * blocks as soon as a block's worth has gathered, encoded and uploaded by the writer threads while the task thread
 * converts the next records: with the batch tunnel a block is invisible until its session is committed, so blocks
 * of later batches upload at once. A batch becomes visible (its sessions committed, or with the streaming tunnel
 * its packs flushed) only in its turn: after the previous batch of its partition was durable and its offsets were
 * handed to Connect by {@link #durableOffsets()}. So at most one batch per partition is visible while its offsets
 * are not handed over, and one more may be in Connect's commit: that bounds what a crash can duplicate. The task
 * keeps the hand-over quick (it asks Connect to commit as soon as a batch is durable, and polls briefly while work
 * is in flight), so throughput does not follow Connect's commit timer.
 *
 * <p>With a commit log ({@link ConnectorOffsetsTable}, batch tunnel) appends are exactly-once instead: before a
 * batch's sessions are committed, its offset range and session ids are recorded durably in the destination, and a
 * partition's next batch is recorded only once the previous one is durable. A batch's turn then no longer waits for
 * Connect's offset commit at all (nothing depends on when Connect commits): after a crash the task settles the one
 * recorded batch from MaxCompute's session statuses and resumes right after it ({@link ConnectorOffsetsTable#recover}).
 *
 * <p>A call MaxCompute keeps refusing fails the pipeline: {@link #throwIfFailed()} fails the task with the reason,
 * and the batch's offsets are never reported durable, so nothing it held is lost.
 *
 * <p>Memory: {@link #bufferedBytes()} counts every row from {@link #add} until its batch is durable (a block may be
 * written again until then) or its partition revoked; the task stops consuming while it is above the bound.
 */
final class WritePipeline implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WritePipeline.class);

    private final TunnelWriter writer;
    /** Present with the batch tunnel when the commit log table is usable: appends are then exactly-once. */
    private final ConnectorOffsetsTable commitLog;
    private final Retry retry;
    private final int batchRecords;
    private final long blockBytes;
    /** Encodes and uploads blocks: the bulk of the work. */
    private final ThreadPoolExecutor uploads;
    /**
     * Opens uploads, records batches in the commit log and commits them: the short calls on each batch's way to
     * being visible, which wait for no block upload ahead of them (in one queue with the uploads, a batch's record
     * and commit waited up to 130 ms there, and the next batch's turn with them).
     */
    private final ThreadPoolExecutor visibility;
    private final Map<TopicPartition, PartitionState> partitions = new ConcurrentHashMap<>();
    private final AtomicLong bufferedBytes = new AtomicLong();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicBoolean newlyDurable = new AtomicBoolean();
    /** Batches whose offsets were handed over and whose successors do not have their turn yet; task thread only. */
    private final List<Batch> handedOverNotReleased = new ArrayList<>();
    private volatile boolean closing;

    /**
     * @param batchRecords records of one partition per batch (the unit of visibility and of the crash bound)
     * @param blockBytes   estimated row bytes per block: a block leaves when its rows reach this much
     */
    WritePipeline(TunnelWriter writer, Retry retry, int batchRecords, long blockBytes, int threads, String name) {
        this(writer, null, retry, batchRecords, blockBytes, threads, name);
    }

    /**
     * @param commitLog where each batch's offsets and upload sessions are recorded before they are committed (batch
     *                  tunnel only); null keeps the at-least-once ordering described above
     */
    WritePipeline(TunnelWriter writer, ConnectorOffsetsTable commitLog, Retry retry, int batchRecords, long blockBytes,
                  int threads, String name) {
        if (commitLog != null && writer.visibleOnWrite()) {
            throw new IllegalArgumentException("the commit log records upload sessions: batch tunnel only");
        }
        this.writer = writer;
        this.commitLog = commitLog;
        this.retry = retry;
        this.batchRecords = batchRecords;
        this.blockBytes = blockBytes;
        uploads = threads(threads, name + "-writer-");
        visibility = threads(threads, name + "-committer-");
    }

    private static ThreadPoolExecutor threads(int count, String namePrefix) {
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(count, count, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                runnable -> {
                    Thread thread = new Thread(runnable, namePrefix + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    boolean closing() {
        return closing;
    }

    /**
     * Adds one record at {@code offset}, its row as column values. {@code row} is null for a record that was routed
     * elsewhere (error topic);
     * its offset still counts, so it becomes durable with the rows around it.
     */
    void add(TopicPartition tp, long offset, String pt, Object[] row, long bytes) {
        // get first: computeIfAbsent with the constructor reference would allocate that reference for every record
        PartitionState state = partitions.get(tp);
        if (state == null) {
            state = partitions.computeIfAbsent(tp, PartitionState::new);
        }
        state.open.add(offset, pt, row, bytes);
        bufferedBytes.addAndGet(bytes);
        if (state.open.records >= batchRecords) {
            state.seal();
        }
    }

    /**
     * Seals the open batch of each partition whose earlier batches are all durable (after each put and at each
     * offset commit): a partition with nothing in flight writes at once, so a test message shows up without waiting;
     * a busy partition keeps filling its batch while the earlier ones are written.
     */
    void sealIdle() {
        for (PartitionState state : partitions.values()) {
            if (!state.open.isEmpty() && state.sealed.stream().allMatch(batch -> batch.done)) {
                state.seal();
            }
        }
    }

    /**
     * Next offset to consume, per partition, for which every earlier record is durable or routed. The caller hands
     * these offsets to Connect: that gives each partition's next batch its turn to become visible.
     */
    Map<TopicPartition, OffsetAndMetadata> durableOffsets() {
        newlyDurable.set(false);
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionState state : partitions.values()) {
            while (!state.sealed.isEmpty() && state.sealed.peekFirst().done) {
                Batch batch = state.sealed.pollFirst();
                state.durableNext = batch.lastOffset + 1;
                handedOverNotReleased.add(batch);
            }
            if (state.durableNext >= 0) {
                offsets.put(state.tp, new OffsetAndMetadata(state.durableNext));
            }
        }
        return offsets;
    }

    /**
     * Gives the batches after those handed over by {@link #durableOffsets()} their turn to become visible. The task
     * calls this from its next {@code put}, not at the hand-over itself: when Connect takes the offsets because the
     * partitions are being revoked (or the task stopped), {@code close} follows with no {@code put} in between, so no
     * later batch becomes visible after the last offsets this task could commit and a rebalance writes nothing twice.
     */
    void releaseHandedOver() {
        handedOverNotReleased.forEach(batch -> batch.handedOver.complete(null));
        handedOverNotReleased.clear();
    }

    /**
     * The partition's records before {@code next} are durable (settled from the commit log at open): reported to
     * Connect with the next offsets, so its committed offsets catch up even before the next batch is durable.
     */
    void resumedAt(TopicPartition tp, long next) {
        partitions.computeIfAbsent(tp, PartitionState::new).durableNext = next;
        newlyDurable.set(true);
    }

    /**
     * Waits, at most {@code timeoutMs}, for the batches that are being made visible right now (at most one per
     * partition), so that the offsets handed over next include them: a rebalance or a stop then writes nothing twice.
     */
    void awaitBecomingVisible(long timeoutMs) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        for (PartitionState state : partitions.values()) {
            for (Batch batch : state.sealed) {
                if (batch.becomingVisible && !batch.done) {
                    try {
                        batch.completion.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                    } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
                        return;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    /** Whether a batch became durable since offsets were last handed over: Connect should commit soon. */
    boolean hasNewlyDurable() {
        return newlyDurable.get();
    }

    /** Whether records are held that are not durable yet. */
    boolean hasPending() {
        return bufferedBytes.get() > 0 || partitions.values().stream().anyMatch(state -> !state.sealed.isEmpty());
    }

    /**
     * Forgets revoked partitions: their records not yet handed over will be consumed again by their new owner. A
     * batch already being made visible finishes; the later ones are dropped. Partitions this task keeps are untouched.
     */
    void revoke(Collection<TopicPartition> revoked) {
        for (TopicPartition tp : revoked) {
            PartitionState state = partitions.remove(tp);
            if (state != null) {
                state.revoked = true;
                bufferedBytes.addAndGet(-state.open.bytes);
                state.open.groups.clear();
                for (Batch batch : state.sealed) {
                    if (batch.released.compareAndSet(false, true)) {
                        bufferedBytes.addAndGet(-batch.bytes);
                    }
                    batch.handedOver.complete(null);
                }
            }
        }
        // after the partitions are marked revoked: their successors, whose turn this gives, are dropped
        for (Iterator<Batch> handedOver = handedOverNotReleased.iterator(); handedOver.hasNext(); ) {
            Batch batch = handedOver.next();
            if (revoked.contains(batch.state.tp)) {
                batch.handedOver.complete(null);
                handedOver.remove();
            }
        }
    }

    long bufferedBytes() {
        return bufferedBytes.get();
    }

    /** Records held per partition (open and not yet durable); for tests and metrics. */
    Map<TopicPartition, Long> heldRecords() {
        Map<TopicPartition, Long> held = new LinkedHashMap<>();
        partitions.forEach((tp, state) -> {
            long count = state.open.records;
            for (Batch batch : state.sealed) {
                count += batch.done ? 0 : batch.records;
            }
            held.put(tp, count);
        });
        return held;
    }

    void throwIfFailed() {
        Throwable cause = failure.get();
        if (cause != null) {
            throw new ConnectException("Writing to MaxCompute failed; offsets of unwritten records were not committed"
                    + " and they will be written again when the task restarts: " + cause.getMessage(), cause);
        }
    }

    @Override
    public void close() {
        closing = true;
        uploads.shutdownNow();
        visibility.shutdownNow();
        try {
            uploads.awaitTermination(10, TimeUnit.SECONDS);
            visibility.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.close();
    }

    private CompletableFuture<Void> async(String what, ThreadPoolExecutor pool, Retry.Call call) {
        return CompletableFuture.runAsync(() -> {
            try {
                retry.run(what, call);
            } catch (Exception e) {
                throw new CompletionException(e);
            }
        }, task -> {
            try {
                pool.execute(task);
            } catch (RejectedExecutionException closed) {
                // The pipeline is closed: the batch stays unwritten and its offsets uncommitted.
            }
        });
    }

    private void fail(Batch batch, Throwable error) {
        Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
        if (closing || batch.state.revoked || cause instanceof InterruptedException) {
            return;
        }
        if (failure.compareAndSet(null, cause)) {
            log.error("Giving up writing {} records of {}; the task will fail", batch.records, batch.state.tp, cause);
        }
    }

    private final class PartitionState {
        final TopicPartition tp;
        /** Only the task thread touches {@code open}, {@code sealed} and {@code durableNext}. */
        Batch open;
        final ArrayDeque<Batch> sealed = new ArrayDeque<>();
        long durableNext = -1;
        volatile boolean revoked;

        PartitionState(TopicPartition tp) {
            this.tp = tp;
            open = new Batch(this, CompletableFuture.completedFuture(null));
        }

        /** Closes the open batch; the next one becomes visible only after this one was handed over. */
        void seal() {
            Batch batch = open;
            sealed.addLast(batch);
            // exactly-once: the commit log holds one batch per partition, so the next is recorded once this one is
            // durable; otherwise once this one's offsets were handed to Connect (the at-least-once bound)
            open = new Batch(this, commitLog != null ? batch.durable : batch.handedOver);
            batch.seal();
        }
    }

    /** The rows of one batch for one {@code pt}: the blocks sent so far and the rows gathering for the next one. */
    private final class PtRows {
        final String pt;
        CompletableFuture<TunnelWriter.Upload> upload;
        final List<CompletableFuture<Void>> blocks = new ArrayList<>();
        List<Object[]> gathering = new ArrayList<>();
        long gatheringBytes;

        PtRows(String pt) {
            this.pt = pt;
        }

        /** Blocks of a streaming batch gathered before it was sealed: sent only then (a sent pack is visible). */
        final List<List<Object[]>> held = new ArrayList<>();

        void add(Object[] row, long bytes, Batch batch) {
            gathering.add(row);
            gatheringBytes += bytes;
            if (gatheringBytes >= blockBytes) {
                if (writer.visibleOnWrite()) {
                    held.add(gathering);
                    gathering = new ArrayList<>();
                    gatheringBytes = 0;
                } else {
                    send(batch);
                }
            }
        }

        /** At the batch's seal: the held blocks and the last rows. */
        void sendAll(Batch batch) {
            List<Object[]> last = gathering;
            for (List<Object[]> rows : held) {
                gathering = rows;
                send(batch);
            }
            held.clear();
            gathering = last;
            send(batch);
        }

        /** Sends the gathered rows as the next block; with the streaming tunnel not before the batch's turn. */
        void send(Batch batch) {
            if (gathering.isEmpty()) {
                return;
            }
            if (upload == null) {
                AtomicReference<TunnelWriter.Upload> opened = new AtomicReference<>();
                upload = async("open an upload to pt=" + pt, visibility, () -> opened.set(writer.open(pt)))
                        .thenApply(nothing -> opened.get());
            }
            int block = blocks.size();
            List<Object[]> rows = gathering;
            gathering = new ArrayList<>();
            gatheringBytes = 0;
            boolean visible = writer.visibleOnWrite();
            CompletableFuture<?> ready = visible ? upload.thenCombine(batch.turn, (u, t) -> u) : upload;
            blocks.add(ready.thenCompose(opened -> {
                if (batch.state.revoked) {
                    return CompletableFuture.completedFuture(null);
                }
                batch.becomingVisible |= visible;
                return async("write block " + block + " (" + rows.size() + " rows) to pt=" + pt, uploads, () -> {
                    if (!batch.state.revoked) { // revoked while queued: its new owner writes it
                        upload.join().write(block, rows);
                    }
                });
            }));
        }
    }

    private final class Batch {
        final PartitionState state;
        final CompletableFuture<Void> turn;
        /** Completed when this batch's offsets were handed to Connect (or its partition revoked). */
        final CompletableFuture<Void> handedOver = new CompletableFuture<>();
        final Map<String, PtRows> groups = new LinkedHashMap<>();
        final AtomicBoolean released = new AtomicBoolean();
        /** Completed when durable (or failed). */
        final CompletableFuture<Void> completion = new CompletableFuture<>();
        /** Completed when durable only: the next batch's turn with a commit log. */
        final CompletableFuture<Void> durable = new CompletableFuture<>();
        /** Set once something of this batch may be visible: a commit or a streaming write started. */
        volatile boolean becomingVisible;
        long firstOffset = Long.MAX_VALUE;
        long lastOffset = -1;
        int records;
        long bytes;
        volatile boolean done;

        Batch(PartitionState state, CompletableFuture<Void> turn) {
            this.state = state;
            this.turn = turn;
        }

        void add(long offset, String pt, Object[] row, long size) {
            firstOffset = Math.min(firstOffset, offset);
            lastOffset = Math.max(lastOffset, offset);
            records++;
            bytes += size;
            if (row != null) {
                PtRows rows = groups.get(pt);
                if (rows == null) {
                    rows = new PtRows(pt);
                    groups.put(pt, rows);
                }
                rows.add(row, size, this);
            }
        }

        boolean isEmpty() {
            return records == 0;
        }

        /**
         * Records this batch's offsets and sessions in the commit log (also a batch without rows, whose records all
         * went to the error topic: the log's offset never lags behind the offsets Connect may commit).
         */
        private CompletableFuture<Void> record() {
            if (state.revoked) {
                return CompletableFuture.completedFuture(null);
            }
            becomingVisible = true;
            List<ConnectorOffsetsTable.Session> sessions = new ArrayList<>();
            for (PtRows rows : groups.values()) {
                sessions.add(rows.upload.join().session());
            }
            Map<TopicPartition, long[]> range = Map.of(state.tp, new long[] {firstOffset, lastOffset});
            return async("record offsets " + firstOffset + ".." + lastOffset + " of " + state.tp + " in "
                    + ConnectorOffsetsTable.TABLE, visibility, () -> {
                if (!state.revoked) {
                    commitLog.record(range, sessions);
                }
            });
        }

        /** Sends the last blocks; once all are written and the batch's turn came, commits and becomes durable. */
        void seal() {
            List<CompletableFuture<Void>> uploads = new ArrayList<>();
            for (PtRows rows : groups.values()) {
                rows.sendAll(this);
                uploads.add(CompletableFuture.allOf(rows.blocks.toArray(CompletableFuture[]::new)));
            }
            CompletableFuture<Void> recorded = commitLog == null ? turn
                    : CompletableFuture.allOf(uploads.toArray(CompletableFuture[]::new)).thenCombine(turn, (w, t) -> t)
                            .thenCompose(ready -> record());
            List<CompletableFuture<Void>> commits = new ArrayList<>();
            commits.add(recorded); // a batch without rows is durable once recorded
            int group = 0;
            for (PtRows rows : groups.values()) {
                CompletableFuture<Void> written = uploads.get(group++);
                int blocks = rows.blocks.size();
                commits.add(written.thenCombine(recorded, (w, t) -> t).thenCompose(ready -> {
                    if (state.revoked) {
                        return CompletableFuture.<Void>completedFuture(null);
                    }
                    becomingVisible = true;
                    return async("commit " + blocks + " block(s) to pt=" + rows.pt, visibility, () -> {
                        if (!state.revoked) {
                            rows.upload.join().commit(blocks);
                        }
                    });
                }));
            }
            CompletableFuture.allOf(commits.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> {
                if (error != null) {
                    fail(this, error);
                    completion.complete(null);
                    return;
                }
                if (released.compareAndSet(false, true)) {
                    bufferedBytes.addAndGet(-bytes);
                }
                groups.clear();
                CrashPoint.afterCommit();
                done = true;
                durable.complete(null);
                newlyDurable.set(true);
                completion.complete(null);
            });
        }
    }
}
