package com.connectorservice.sink.tablestore;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.alicloud.openservices.tablestore.ClientConfiguration;
import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.core.auth.CredentialsProvider;
import com.alicloud.openservices.tablestore.core.auth.DefaultCredentialProvider;
import com.alicloud.openservices.tablestore.TimeseriesClient;
import com.alicloud.openservices.tablestore.model.NoRetryStrategy;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec.TableModel;
import com.connectorservice.sink.common.DestinationMetrics;
import com.connectorservice.sink.common.FailedRecordHandler;
import com.connectorservice.sink.tablestore.batch.FailedRow;
import com.connectorservice.sink.tablestore.timeseries.TimeseriesModel;
import com.connectorservice.sink.tablestore.widecolumn.WideColumnModel;

/**
 * Writes batches of records to Tablestore while the next ones are read and converted: {@link #put} waits only while
 * two batches are being written, then converts its records and starts their write beside the other. So a request
 * round trip to Tablestore is not the pace of the task, and the task converts while it writes. Connect commits an
 * offset only once its record is acknowledged by Tablestore or durable in the error topic. Rows of one primary key
 * keep their record order: a batch with a row of a batch still being written waits for it, and each batch is written
 * in lanes by primary key. A batch after one that failed is not written (or, if it was already under way, written
 * again) but consumed again with it. A partition taken away has no write in flight once {@link #close} returns, and
 * the task never asks Connect to move the consumer of a partition it no longer has (the seek would fail the task).
 */
public final class TablestoreSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(TablestoreSinkTask.class);
    /** How soon Connect redelivers after a {@link RetriableException} (the writer already waited out its budget). */
    private static final long REDELIVER_AFTER_MS = 1_000;
    /**
     * Batches written at once (one thread each). Against a Tablestore 5 ms away the sink kept 39-41% of the SDK
     * alone's rows per second with one batch written while the next waited, 50-53% with both written at once; with
     * no delay both ways measured the same.
     */
    private static final int MAX_BATCHES_IN_FLIGHT = 2;

    private FailedRecordHandler failedRecords;
    private RecordWriter<?> writer;
    /** Next offset to commit per partition; touched only by the task's own thread. */
    private final Map<TopicPartition, Long> acknowledged = new HashMap<>();
    private ExecutorService submitter;
    /** The batches queued or being written, oldest first; touched only by the task's thread. */
    private final Deque<InFlight> inFlight = new ArrayDeque<>();
    /**
     * Set by a batch's write that failed, so the later batches that did not start yet are skipped; cleared by the
     * task's thread once every later one finished (their futures order both).
     */
    private volatile boolean abandoned;
    /** Partitions sent back to a batch that failed: no offset past it counts until that batch is written again. */
    private final Map<TopicPartition, Long> rewoundTo = new HashMap<>();
    /**
     * Where the last {@link RetriableException} sent partitions back, until the next {@link #put}: Connect puts the
     * batch it was putting again before it reads the partitions from there, and those records, newer than the ones
     * to be read again, are left for their turn, so that a row never takes an older value after a newer one.
     */
    private final Map<TopicPartition, Long> sentBackTo = new HashMap<>();
    /**
     * Partitions to read again from these offsets, because a batch failed when the offsets were being committed: sent
     * back at the next {@link #put}, not from {@link #preCommit}, which Connect also calls for partitions it is taking
     * away. A seek asked for such a partition would be made after it is gone, and fail the task.
     */
    private final Map<TopicPartition, Long> toReadAgain = new HashMap<>();
    /**
     * What failed the task while Connect committed offsets, thrown by the next {@link #put}: Connect fails no task for
     * an exception from {@link #preCommit}, it logs it, moves the consumer back to the committed offsets and goes on.
     * A record that cannot be written with no error topic (failure policy STOP) was then read, refused and read again
     * at every commit, and the task showed RUNNING for ever.
     */
    private ConnectException failedAtCommit;

    @Override
    public String version() {
        return TablestoreSinkConnector.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        TablestoreSinkConfig config = new TablestoreSinkConfig(props);
        String taskName = props.getOrDefault("name", "tablestore-sink");
        failedRecords = new FailedRecordHandler(config, context);
        DestinationMetrics destination = DestinationMetrics.register(context);
        AtomicInteger submitterThreads = new AtomicInteger();
        submitter = Executors.newFixedThreadPool(MAX_BATCHES_IN_FLIGHT, runnable -> {
            Thread thread = new Thread(runnable, taskName + "-batch-" + submitterThreads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        ClientConfiguration clientConfig = clientConfiguration(config);
        RoleCredentialsProvider role = config.usesRole() ? new RoleCredentialsProvider(config) : null;
        CredentialsProvider credentials = role != null ? role
                : new DefaultCredentialProvider(config.accessKeyId(), config.accessKeySecret().value());
        if (config.tableModel() == TableModel.TIMESERIES) {
            TimeseriesClient client = new TimeseriesClient(config.endpoint(), credentials, config.instanceName(),
                    clientConfig, null);
            writer = new RecordWriter<>(config, new TimeseriesModel(client, config), closing(client::shutdown, role),
                    taskName, destination);
        } else {
            SyncClient client = new SyncClient(config.endpoint(), credentials, config.instanceName(), clientConfig,
                    null);
            writer = new RecordWriter<>(config, new WideColumnModel(client, config), closing(client::shutdown, role),
                    taskName, destination);
        }
        log.info("Tablestore sink task started: instance {}, endpoint {}, model {}", config.instanceName(),
                config.endpoint(), config.tableModel());
    }

    private static AutoCloseable closing(Runnable shutdownClient, RoleCredentialsProvider role) {
        return () -> {
            shutdownClient.run();
            if (role != null) {
                role.close();
            }
        };
    }

    private static ClientConfiguration clientConfiguration(TablestoreSinkConfig config) {
        ClientConfiguration clientConfig = new ClientConfiguration();
        clientConfig.setConnectionTimeoutInMillisecond(config.requestTimeoutMs());
        clientConfig.setSocketTimeoutInMillisecond(config.requestTimeoutMs());
        clientConfig.setMaxConnections(Math.max(16, 2 * config.maxConcurrency()));
        // The batch writer retries (per row, bounded jittered back-off, reported as destination metrics): retries of
        // the SDK would stack under it and hold a lane in their own back-off.
        clientConfig.setRetryStrategy(new NoRetryStrategy());
        clientConfig.setSyncClientWaitFutureTimeoutInMillis(2L * config.requestTimeoutMs());
        return clientConfig;
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (failedAtCommit != null) {
            throw failedAtCommit;
        }
        if (!toReadAgain.isEmpty()) {
            sendBack(); // these records come after the failed batch: those of its partitions are left for their turn
        }
        if (records.isEmpty()) {
            return;
        }
        if (!sentBackTo.isEmpty()) {
            records = recordsNotConsumedAgain(records);
            sentBackTo.clear();
            if (records.isEmpty()) {
                return;
            }
        }
        // Wait for a free slot before converting, not after: rows converted early would only wait, and every young
        // collection copies the rows in flight (a third fewer this way: survivors 4.0 against 5.2 MiB, the pauses
        // 7.8 against 10.7 ms, in the JSON benchmark), while the conversion still overlaps the other batch's write.
        while (inFlight.size() >= MAX_BATCHES_IN_FLIGHT) {
            try {
                finishOldest();
            } catch (RetriableException e) {
                sendBack();
                context.timeout(REDELIVER_AFTER_MS);
                throw e;
            }
        }
        RecordWriter<?>.Prepared batch = writer.prepare(records);
        Map<TopicPartition, Long> first = new HashMap<>();
        Map<TopicPartition, Long> next = new HashMap<>();
        for (SinkRecord record : records) {
            TopicPartition tp = new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
            first.putIfAbsent(tp, record.originalKafkaOffset());
            next.put(tp, record.originalKafkaOffset() + 1);
        }
        // a row written by an earlier batch still in flight is written after it (writes of one row keep their order)
        List<Future<List<FailedRow>>> before = new ArrayList<>();
        for (InFlight earlier : inFlight) {
            if (batch.sharesARowWith(earlier.batch())) {
                before.add(earlier.write());
            }
        }
        inFlight.addLast(new InFlight(batch, submitter.submit(() -> {
            awaitQuietly(before);
            if (abandoned) {
                throw new AbandonedBatch();
            }
            try {
                return batch.write();
            } catch (Exception | Error e) {
                abandoned = true;
                throw e;
            }
        }), first, next));
    }

    /**
     * {@code records} without those of a partition sent back whose first record here comes after the offset it was
     * sent back to: that is the batch Connect puts again, not the partition read again from there.
     */
    private List<SinkRecord> recordsNotConsumedAgain(Collection<SinkRecord> records) {
        Map<TopicPartition, Boolean> putAgain = new HashMap<>();
        List<SinkRecord> kept = new ArrayList<>(records.size());
        for (SinkRecord record : records) {
            TopicPartition tp = new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
            Long from = sentBackTo.get(tp);
            if (from == null || !putAgain.computeIfAbsent(tp, first -> record.originalKafkaOffset() > from)) {
                kept.add(record);
            }
        }
        return kept;
    }

    /** Waits for the writes; a failed one marked the batches after it abandoned, which the caller checks then. */
    private static void awaitQuietly(List<Future<List<FailedRow>>> writes) throws InterruptedException {
        for (Future<List<FailedRow>> write : writes) {
            try {
                write.get();
            } catch (ExecutionException failed) {
                // it set abandoned before it failed
            }
        }
    }

    /**
     * A batch, its write, and the first and next offset of its records per partition, of the partitions still this
     * task's ({@link #close} removes those taken away).
     */
    private record InFlight(RecordWriter<?>.Prepared batch, Future<List<FailedRow>> write, Map<TopicPartition, Long> first,
                            Map<TopicPartition, Long> next) {
    }

    /** The write of a batch after one that failed: not attempted, its records are consumed again. */
    private static final class AbandonedBatch extends RuntimeException {
        AbandonedBatch() {
            super(null, null, false, false);
        }
    }

    private void finishInFlight() {
        while (!inFlight.isEmpty()) {
            finishOldest();
        }
    }

    /**
     * Waits for the oldest batch's write. If Tablestore stayed unavailable through the retry budget, its records and
     * those of the batches after it (written beside it or skipped) are consumed again: the consumer is sent back to
     * their first offsets and Connect redelivers shortly.
     */
    private void finishOldest() {
        InFlight oldest = inFlight.pollFirst();
        List<FailedRow> failed;
        try {
            failed = oldest.write().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while writing to Tablestore", e);
        } catch (ExecutionException e) {
            Map<TopicPartition, Long> rewind = new HashMap<>(oldest.first());
            for (InFlight later : inFlight) {
                later.first().forEach((tp, offset) -> rewind.merge(tp, offset, Math::min));
                awaitAbandoned(later);
            }
            inFlight.clear();
            abandoned = false; // every batch after the failed one has finished or was skipped: none runs any more
            if (e.getCause() instanceof RetriableException retriable) {
                // back to the earliest record not written: a partition already sent back by an earlier failure whose
                // records were not written again yet goes back there, not to this batch (which would skip the records
                // between them: they would never be written, and offsets past them never committed). A partition
                // closed since is no longer ours: its new owner reads it from the committed offset.
                rewind.keySet().retainAll(context.assignment());
                rewind.replaceAll((tp, offset) -> rewoundTo.merge(tp, offset, Math::min));
                rewind.forEach((tp, offset) -> toReadAgain.merge(tp, offset, Math::min));
                throw retriable;
            }
            throw e.getCause() instanceof ConnectException connect ? connect
                    : new ConnectException("Writing to Tablestore failed: " + e.getCause(), e.getCause());
        }
        for (FailedRow row : failed) {
            SinkRecord record = row.record();
            if (oldest.next().containsKey(new TopicPartition(record.originalTopic(), record.originalKafkaPartition()))) {
                failedRecords.handle(record, row.reason());
            }
        }
        oldest.next().forEach((tp, next) -> {
            Long rewound = rewoundTo.get(tp);
            if (rewound == null || oldest.first().get(tp) <= rewound) {
                rewoundTo.remove(tp);
                acknowledged.put(tp, next);
            }
        });
    }

    /**
     * Asks Connect to read the partitions of a failed batch again from its first records, and leaves the records of
     * those partitions that Connect puts before that (newer than the failed batch) for their turn.
     */
    private void sendBack() {
        context.offset(toReadAgain);
        sentBackTo.putAll(toReadAgain);
        toReadAgain.clear();
    }

    private static void awaitAbandoned(InFlight batch) {
        try {
            batch.write().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while writing to Tablestore", e);
        } catch (ExecutionException expected) {
            // AbandonedBatch (skipped because a batch before it failed), or its own failure: consumed again either way
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        try {
            finishWritesAndReports();
        } catch (ConnectException e) {
            failedAtCommit = e;
            return Map.of(); // a report to the error topic may not be durable: nothing more is committed
        }
        Map<TopicPartition, OffsetAndMetadata> committable = new HashMap<>();
        currentOffsets.forEach((partition, offset) -> {
            Long written = acknowledged.get(partition);
            if (written != null) {
                committable.put(partition, new OffsetAndMetadata(Math.min(written, offset.offset()), offset.metadata()));
            }
        });
        failedRecords.committing(committable);
        return committable;
    }

    /** Waits for the writes in flight and for their refused rows' reports to reach the error topic. */
    private void finishWritesAndReports() {
        try {
            finishInFlight();
        } catch (RetriableException e) {
            // Tablestore stayed unavailable through the retry budget: what was written is committed now, and the next
            // put sends the failed batch's partitions back (not this commit: it may be of partitions being taken away)
            log.warn("Writing to Tablestore failed, partitions {} will be read again: {}", toReadAgain, e.getMessage());
        }
        failedRecords.flush();
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        // Partitions lost (taken away without a commit) may have writes in flight: they finish before another task
        // owns the partitions, so that none of them lands over the rows that task writes. What those writes did is no
        // longer this task's to report: no offset of theirs was committed, so the partitions' next owner reads the
        // records again and reports those Tablestore refuses (this task reporting them too put them in the error
        // topic twice). The batches' other partitions are finished with the next batch, as any other's.
        inFlight.forEach(TablestoreSinkTask::awaitAbandoned);
        for (InFlight batch : inFlight) {
            batch.first().keySet().removeAll(partitions);
            batch.next().keySet().removeAll(partitions);
        }
        partitions.forEach(acknowledged::remove);
        if (failedRecords != null) {
            failedRecords.close(partitions);
        }
        partitions.forEach(rewoundTo::remove);
        partitions.forEach(sentBackTo::remove);
        partitions.forEach(toReadAgain::remove);
    }

    @Override
    public void stop() {
        if (submitter != null) {
            submitter.shutdownNow();
        }
        try {
            if (writer != null) {
                writer.close();
            }
        } catch (Exception e) {
            log.warn("Closing the Tablestore client failed", e);
        } finally {
            if (failedRecords != null) {
                failedRecords.close();
            }
        }
    }
}
