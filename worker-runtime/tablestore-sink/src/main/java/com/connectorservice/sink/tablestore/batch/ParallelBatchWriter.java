package com.connectorservice.sink.tablestore.batch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.alicloud.openservices.tablestore.TableStoreException;
import com.connectorservice.sink.common.DestinationMetrics;

/**
 * Writes rows in requests of at most {@code maxRows} rows and {@code maxBytes} bytes, with up to
 * {@code lanes} requests in flight. A row's lane is chosen by its table and primary key, and each lane
 * sends its requests one after the other, so writes to the same row keep their record order. Batches without a row
 * in common may be written at once, sharing the lanes' threads.
 *
 * <p>Transient errors (throttling, timeouts, network) are retried with exponential back-off, for the
 * whole request or only for the rows that failed, until the retry time budget is spent; then a
 * {@link RetriableException} hands the batch back to Connect. A request refused for its content is
 * split into single rows so that only the offending records are reported as failed.
 */
public final class ParallelBatchWriter<R> implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ParallelBatchWriter.class);
    private static final long MAX_BACKOFF_MS = DestinationMetrics.MAX_BACKOFF_MS * 5 / 6;

    private final BatchCall<R> call;
    private final int maxRows;
    private final long maxBytes;
    private final int lanes;
    private final long retryTimeoutMs;
    private final long initialBackoffMs;
    private final long requestTimeoutMs;
    private final ExecutorService executor;
    private final DestinationMetrics destination;

    public ParallelBatchWriter(BatchCall<R> call, int maxRows, long maxBytes, int lanes, long retryTimeoutMs,
                               long initialBackoffMs, long requestTimeoutMs, String threadNamePrefix) {
        this(call, maxRows, maxBytes, lanes, retryTimeoutMs, initialBackoffMs, requestTimeoutMs, threadNamePrefix,
                new DestinationMetrics());
    }

    /** @param destination told of every retried failure and every accepted request */
    public ParallelBatchWriter(BatchCall<R> call, int maxRows, long maxBytes, int lanes, long retryTimeoutMs,
                               long initialBackoffMs, long requestTimeoutMs, String threadNamePrefix,
                               DestinationMetrics destination) {
        this.destination = destination;
        this.call = call;
        this.maxRows = maxRows;
        this.maxBytes = maxBytes;
        this.lanes = lanes;
        this.retryTimeoutMs = retryTimeoutMs;
        this.initialBackoffMs = initialBackoffMs;
        this.requestTimeoutMs = requestTimeoutMs;
        AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(lanes, runnable -> {
            Thread thread = new Thread(runnable, threadNamePrefix + "-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Writes every row of the batch and returns once each one is acknowledged by Tablestore or refused for good.
     * Batches may be written at once only when they have no row in common ({@link Batch#sharesARowWith}): the caller
     * writes one after the other those that do.
     *
     * @return the rows Tablestore refused for good, with the reason
     * @throws RetriableException when transient errors outlasted the retry budget (nothing is reported failed then)
     * @throws TableUnavailableException when the table is missing or access is denied
     */
    public List<FailedRow> write(Batch<R> batch) {
        List<KeyedRow<R>> rows = batch.rows;
        if (rows.isEmpty()) {
            return List.of();
        }
        // As many lanes as full requests, so a small put does not become many small requests. Lane choice only has
        // to be stable within one call: calls overlap only for batches without a row in common.
        int laneCount = Math.min(lanes, Math.max(1, (int) Math.ceil(rows.size() / (maxRows * 0.9))));
        List<List<KeyedRow<R>>> byLane = new ArrayList<>();
        for (int i = 0; i < laneCount; i++) {
            byLane.add(new ArrayList<>());
        }
        for (KeyedRow<R> row : rows) {
            byLane.get(Math.floorMod(row.key().hash, laneCount)).add(row);
        }
        long deadline = System.currentTimeMillis() + retryTimeoutMs;
        List<Future<List<FailedRow>>> futures = new ArrayList<>();
        for (List<KeyedRow<R>> lane : byLane) {
            if (!lane.isEmpty()) {
                futures.add(executor.submit(() -> writeLane(lane, deadline)));
            }
        }
        List<FailedRow> failed = new ArrayList<>();
        try {
            for (Future<List<FailedRow>> future : futures) {
                long wait = Math.max(0, deadline - System.currentTimeMillis()) + 2 * requestTimeoutMs + 1_000;
                failed.addAll(future.get(wait, TimeUnit.MILLISECONDS));
            }
            return failed;
        } catch (ExecutionException e) {
            futures.forEach(f -> f.cancel(true));
            if (e.getCause() instanceof ConnectException connect) {
                throw connect;
            }
            throw new ConnectException("Writing to Tablestore failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            futures.forEach(f -> f.cancel(true));
            throw new RetriableException("Tablestore did not answer within the retry budget of " + retryTimeoutMs + " ms");
        } catch (InterruptedException e) {
            futures.forEach(f -> f.cancel(true));
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while writing to Tablestore", e);
        }
    }

    private List<FailedRow> writeLane(List<KeyedRow<R>> lane, long deadline) throws InterruptedException {
        List<FailedRow> failed = new ArrayList<>();
        List<PendingRow<R>> batch = new ArrayList<>();
        Set<RowKey> identities = new HashSet<>();
        long bytes = 0;
        for (KeyedRow<R> keyed : lane) {
            PendingRow<R> row = keyed.row();
            boolean full = batch.size() == maxRows || bytes + row.bytes() > maxBytes;
            boolean otherTable = !batch.isEmpty() && !batch.get(0).table().equals(row.table());
            if (!batch.isEmpty() && (full || otherTable || identities.contains(keyed.key()))) {
                failed.addAll(send(batch, deadline));
                batch = new ArrayList<>();
                identities.clear();
                bytes = 0;
            }
            batch.add(row);
            identities.add(keyed.key());
            bytes += row.bytes();
        }
        failed.addAll(send(batch, deadline));
        return failed;
    }

    private List<FailedRow> send(List<PendingRow<R>> batch, long deadline) throws InterruptedException {
        String table = batch.get(0).table();
        List<FailedRow> failed = new ArrayList<>();
        List<PendingRow<R>> remaining = batch;
        long backoff = initialBackoffMs;
        while (true) {
            List<BatchCall.RowError> errors;
            try {
                errors = call.send(table, remaining.stream().map(PendingRow::row).toList());
                destination.succeeded();
            } catch (RuntimeException e) {
                if (TablestoreErrors.isFatal(e)) {
                    String code = e instanceof TableStoreException ots ? ots.getErrorCode() : null;
                    throw new TableUnavailableException(table, code,
                            "Tablestore refused writes to table '" + table + "': " + TablestoreErrors.describe(e), e);
                }
                if (!TablestoreErrors.isTransient(e)) {
                    return rejected(table, remaining, e, deadline, failed);
                }
                log.debug("Write of {} rows to {} failed, retrying: {}", remaining.size(), table, TablestoreErrors.describe(e));
                destination.retrying(e);
                backoff = pause(backoff, deadline, TablestoreErrors.describe(e));
                continue;
            }
            List<PendingRow<R>> retry = new ArrayList<>();
            String lastTransient = null;
            List<BatchCall.RowError> byIndex = new ArrayList<>(errors);
            byIndex.sort(Comparator.comparingInt(BatchCall.RowError::index));
            for (BatchCall.RowError error : byIndex) {
                PendingRow<R> row = remaining.get(error.index());
                if (TablestoreErrors.isFatal(error.code())) {
                    throw new TableUnavailableException(table, error.code(),
                            "Tablestore refused writes to table '" + table + "': " + error.code() + ": " + error.message(), null);
                }
                if (TablestoreErrors.isTransient(error.code())) {
                    retry.add(row);
                    lastTransient = error.code() + ": " + error.message();
                } else {
                    failed.add(new FailedRow(row.record(), new TablestoreRejectedRowException(table, error.code(), error.message())));
                }
            }
            if (retry.isEmpty()) {
                return failed;
            }
            remaining = retry;
            backoff = pause(backoff, deadline, lastTransient);
        }
    }

    /** The request was refused for its content: find the rows at fault by sending them one by one. */
    private List<FailedRow> rejected(String table, List<PendingRow<R>> rows, RuntimeException e, long deadline,
                                     List<FailedRow> failed) throws InterruptedException {
        if (rows.size() == 1) {
            String code = e instanceof TableStoreException ots ? ots.getErrorCode() : e.getClass().getSimpleName();
            failed.add(new FailedRow(rows.get(0).record(), new TablestoreRejectedRowException(table, code, e.getMessage())));
            return failed;
        }
        log.debug("Tablestore refused a request of {} rows to {} ({}); sending them one by one", rows.size(), table,
                TablestoreErrors.describe(e));
        for (PendingRow<R> row : rows) {
            failed.addAll(send(List.of(row), deadline));
        }
        return failed;
    }

    private long pause(long backoff, long deadline, String reason) throws InterruptedException {
        long now = System.currentTimeMillis();
        if (now + backoff > deadline) {
            throw new RetriableException("Tablestore kept failing for " + retryTimeoutMs + " ms: " + reason);
        }
        // jittered, so that the lanes (and other tasks) do not retry in step
        Thread.sleep(Math.max(1, (long) (backoff * (0.8 + 0.4 * ThreadLocalRandom.current().nextDouble()))));
        return Math.min(backoff * 2, MAX_BACKOFF_MS);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private record KeyedRow<R>(PendingRow<R> row, RowKey key) {
    }

    /** Rows to write together, each with its table and primary key hashed once. */
    public static final class Batch<R> {
        private final List<KeyedRow<R>> rows;
        /** Made when a later batch first asks whether it shares a row with this one (on the task's thread alone). */
        private Set<RowKey> keys;

        public Batch(List<PendingRow<R>> rows) {
            this.rows = new ArrayList<>(rows.size());
            for (PendingRow<R> row : rows) {
                this.rows.add(new KeyedRow<>(row, new RowKey(row.table(), row.identity())));
            }
        }

        /** Whether a row of this batch has the table and primary key of one of {@code earlier}'s. */
        public boolean sharesARowWith(Batch<?> earlier) {
            if (earlier.keys == null) {
                earlier.keys = new HashSet<>();
                earlier.rows.forEach(row -> earlier.keys.add(row.key()));
            }
            for (KeyedRow<R> row : rows) {
                if (earlier.keys.contains(row.key())) {
                    return true;
                }
            }
            return false;
        }
    }

    /** A row's table and primary key, hashed once: hashing an SDK primary key walks every column each time. */
    private static final class RowKey {
        final String table;
        final Object identity;
        final int hash;

        RowKey(String table, Object identity) {
            this.table = table;
            this.identity = identity;
            this.hash = 31 * table.hashCode() + identity.hashCode();
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof RowKey key && key.hash == hash && key.identity.equals(identity)
                    && key.table.equals(table);
        }
    }
}
