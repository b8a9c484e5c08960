package com.connectorservice.sink.maxcompute;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTask;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec;
import com.connectorservice.sink.common.DestinationMetrics;
import com.connectorservice.sink.common.FailedRecordHandler;
import com.connectorservice.sink.common.RecordBytes;
import com.connectorservice.sink.maxcompute.cdc.ChangeDataSink;

/**
 * Converts records to rows in {@link #put} and leaves the writing to a {@link WritePipeline}, so encoding and
 * uploading overlap polling and converting. Offsets are committed only for durable rows ({@link #preCommit}), keyed
 * by the records' original coordinates (KIP-793) so that a topic-renaming transform commits the consumed partition;
 * a record that can never be written goes to the {@link FailedRecordHandler}.
 *
 * <p>Throughput does not follow Connect's commit timer: when a batch is durable the task asks Connect to commit
 * (Connect does so on its next loop), and while records are in flight it keeps Connect's next poll short
 * ({@link SinkTaskContext#timeout}), so that loop comes back even when there is nothing new to read or consumption
 * is paused for back-pressure.
 *
 * <p>Through the batch tunnel appends are exactly-once: the task keeps a commit log in the destination
 * ({@link ConnectorOffsetsTable}) and, when partitions are assigned ({@link #open}), settles each partition's last
 * recorded batch and resumes right after it, whatever offsets Connect committed. Without the log's permission, and
 * with the streaming tunnel, they are at-least-once (see {@link WritePipeline}).
 */
public class MaxComputeSinkTask extends SinkTask {

    private static final Logger log = LoggerFactory.getLogger(MaxComputeSinkTask.class);
    /** Per-record heap beyond the key and value bytes (values array, boxed numbers, list entry). */
    static final long ROW_OVERHEAD_BYTES = 112;
    /** The longest Connect may wait in poll while records are in flight (a batch's turn comes at the next preCommit). */
    static final long POLL_WHILE_WRITING_MS = 50;
    /**
     * The same while consumption is paused because the buffer is full: consumption resumes only in a {@code put}, so
     * a longer wait would leave the writers without rows once they drained the buffer.
     */
    static final long POLL_WHILE_PAUSED_MS = 5;
    /** How long an offset commit waits for batches being made visible, so that their offsets are in it. */
    static final long AWAIT_VISIBLE_AT_COMMIT_MS = 1_000;
    /** Rows per block: about this many bytes of rows leave as one block, encoded while it uploads. */
    static final long BLOCK_BYTES = 4L * 1024 * 1024;
    /** The connector's name when the task's configuration has none (tests starting a task by hand). */
    static final String DEFAULT_NAME = "maxcompute-sink";
    /** 9999-12-31T00:00Z: a record stamped before it has its partition's hour in a four-digit year in every zone. */
    static final long LAST_PARTITION_DAY_MILLIS = 253_402_214_400_000L;

    private MaxComputeSinkConfig config;
    private RowConverter converter;
    private FailedRecordHandler failedRecords;
    private WritePipeline pipeline;
    private MaxComputeTable table;
    private long maxBufferedBytes;
    private boolean paused;
    private DestinationMetrics destination;
    /** The pt of the last window seen: records mostly arrive in time order, so pt is formatted once per window. */
    private long ptFrom = 1;
    private long ptUntil;
    private String pt;
    /** Format DEBEZIUM_JSON: change data into auto-created (Delta) tables instead of the append pipeline. */
    private ChangeDataSink changeData;
    /** The commit log that makes appends exactly-once; null when unusable or with the streaming tunnel. */
    private ConnectorOffsetsTable commitLog;
    private Retry retry;
    private volatile boolean stopping;

    @Override
    public String version() {
        return MaxComputeSinkConnector.VERSION;
    }

    @Override
    public void start(Map<String, String> props) {
        config = new MaxComputeSinkConfig(props);
        HeapBudget.join(this);
        table = new MaxComputeTable(config);
        String connector = props.getOrDefault("name", DEFAULT_NAME);
        destination = DestinationMetrics.register(context);
        retry = new Retry(config.maxRetries(), config.retryBackoffMs(), destination,
                () -> stopping || (pipeline != null && pipeline.closing()));
        if (config.format == MaxComputeSinkSpec.Format.DEBEZIUM_JSON) {
            commitLog = openCommitLog(connector);
            failedRecords = new FailedRecordHandler(config, context);
            changeData = new ChangeDataSink(config, table, failedRecords, context, commitLog);
            log.info("MaxCompute sink task writing change data into {}.{}", config.project(), config.table());
            return;
        }
        converter = new RowConverter(untilAvailable("read the table " + config.qualifiedTable(), table::schema),
                config.qualifiedTable(), config.format, config.mode,
                new ColumnValues(config.timeZone));
        // after the table was read, so wrong credentials or a missing table fail the task with their own message
        if (!config.useStreaming()) {
            commitLog = openCommitLog(connector);
        }
        failedRecords = new FailedRecordHandler(config, context);
        maxBufferedBytes = config.bufferBytes();
        pipeline = new WritePipeline(TunnelWriter.of(table, converter.columns()), commitLog, retry,
                config.recordBatchSize(), BLOCK_BYTES, config.sinkPoolSize(), connector);
        log.info("MaxCompute sink task writing {} as {}/{} ({} tunnel, {}, pt per {} in {})", config.qualifiedTable(),
                config.format, config.mode, config.useStreaming() ? "streaming" : "batch",
                commitLog != null ? "exactly-once" : "at-least-once", config.partitionWindow, config.timeZone);
    }

    private ConnectorOffsetsTable openCommitLog(String connector) {
        return untilAvailable("open the commit log " + ConnectorOffsetsTable.TABLE,
                () -> ConnectorOffsetsTable.open(table, connector)).orElse(null);
    }

    /** What the task needs before it writes: waited for while MaxCompute is unavailable, a refusal fails the task. */
    private <T> T untilAvailable(String what, java.util.concurrent.Callable<T> call) {
        try {
            return retry.untilAvailable(what, call);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while waiting to " + what, e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new ConnectException("Cannot " + what + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void put(Collection<SinkRecord> records) {
        if (changeData != null) {
            changeData.put(records);
            return;
        }
        throwIfWritingFailed();
        pipeline.releaseHandedOver();
        long now = System.currentTimeMillis();
        TopicPartition tp = null;
        for (SinkRecord record : records) {
            if (tp == null || !tp.topic().equals(record.originalTopic()) || tp.partition() != record.originalKafkaPartition()) {
                tp = new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
            }
            long bytes = ROW_OVERHEAD_BYTES + RecordBytes.heapSize(record.key()) + RecordBytes.heapSize(record.value());
            try {
                Object[] row = converter.values(record);
                pipeline.add(tp, record.originalKafkaOffset(), partitionValue(record.timestamp(), now), row, bytes);
            } catch (BadRecordException e) {
                failedRecords.handle(record, e);
                pipeline.add(tp, record.originalKafkaOffset(), null, null, 0);
            }
        }
        // A partition with nothing being written starts writing now rather than at the next offset commit, so a
        // test message shows up at once; busy partitions keep filling their batch.
        pipeline.sealIdle();
        if (pipeline.hasNewlyDurable()) {
            context.requestCommit();
        }
        applyBackPressure();
        if (pipeline.hasPending()) {
            context.timeout(paused ? POLL_WHILE_PAUSED_MS : POLL_WHILE_WRITING_MS);
        }
    }

    private String partitionValue(Long timestamp, long now) {
        long millis = config.partitionMillis(timestamp, now);
        if (millis >= LAST_PARTITION_DAY_MILLIS) {
            // Brokers before Kafka 4.0 take any future CreateTime. Its partition would have a five-digit year ('+'
            // included), and the hour after Long.MAX_VALUE overflowed: put threw for the record at every restart.
            throw new BadRecordException("the record's timestamp " + millis + " is 9999-12-31 UTC or later: it names"
                    + " no MaxCompute partition");
        }
        if (millis < ptFrom || millis >= ptUntil) {
            pt = config.partitionValue(millis);
            long[] bounds = config.partitionWindow.bounds(millis, config.timeZone);
            ptFrom = bounds[0];
            ptUntil = bounds[1];
        }
        return pt;
    }

    private void applyBackPressure() {
        long bound = HeapBudget.bound(maxBufferedBytes);
        if (pipeline.bufferedBytes() >= bound) {
            Set<TopicPartition> assignment = context.assignment();
            context.pause(assignment.toArray(new TopicPartition[0]));
            if (!paused) {
                log.debug("Buffer full ({} bytes >= {}); pausing consumption", pipeline.bufferedBytes(), bound);
            }
            paused = true;
        } else if (paused && pipeline.bufferedBytes() < bound / 2) {
            log.debug("Buffer drained ({} bytes); resuming consumption", pipeline.bufferedBytes());
            context.resume(context.assignment().toArray(new TopicPartition[0]));
            paused = false;
        }
    }

    @Override
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        if (changeData != null) {
            return changeData.preCommit(currentOffsets);
        }
        failedRecords.flush();
        pipeline.sealIdle();
        pipeline.awaitBecomingVisible(AWAIT_VISIBLE_AT_COMMIT_MS);
        throwIfWritingFailed();
        Map<TopicPartition, OffsetAndMetadata> durable = pipeline.durableOffsets();
        durable.keySet().retainAll(currentOffsets.keySet());
        failedRecords.committing(durable);
        return durable;
    }

    /**
     * Settles each assigned partition's last batch recorded in the commit log (committing its sessions if a crashed
     * or revoked task recorded but did not commit them) and resumes right after it.
     */
    @Override
    public void open(Collection<TopicPartition> partitions) {
        if (!paused && !partitions.isEmpty()) {
            // Connect pauses again the partitions assigned back that the task paused before the rebalance; when the
            // buffer drained while the task had no partitions (a poll between revocation and assignment), nothing
            // would resume them
            context.resume(partitions.toArray(new TopicPartition[0]));
        }
        if (commitLog == null || partitions.isEmpty()) {
            return;
        }
        try {
            // while MaxCompute is unreachable this waits (and says so in the destination metrics) rather than fail
            retry.run("settle the commit log " + ConnectorOffsetsTable.TABLE + " for " + partitions,
                    () -> settle(partitions));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectException("Interrupted while settling the commit log", e);
        } catch (Exception e) {
            throw table.withAdvice(new ConnectException("Cannot settle the commit log " + ConnectorOffsetsTable.TABLE
                    + " for " + partitions + ": " + e.getMessage(), e));
        }
    }

    private void settle(Collection<TopicPartition> partitions) throws Exception {
        for (ConnectorOffsetsTable.Entry entry : commitLog.read(partitions).values()) {
            Optional<Long> next = commitLog.recover(entry);
            if (next.isEmpty()) {
                continue;
            }
            log.info("Resuming {} at offset {}, after the last batch recorded in {}", entry.tp(), next.get(),
                    ConnectorOffsetsTable.TABLE);
            context.offset(entry.tp(), next.get());
            if (pipeline != null) {
                pipeline.resumedAt(entry.tp(), next.get());
            } else {
                changeData.resumedAt(entry.tp(), next.get());
            }
        }
    }

    @Override
    public void close(Collection<TopicPartition> partitions) {
        if (pipeline != null) {
            // a batch being recorded finishes first, so the partition's next owner reads the log after it
            pipeline.awaitBecomingVisible(config.requestTimeoutMs());
            pipeline.revoke(partitions);
        } else if (changeData != null) {
            changeData.revoke(partitions);
        }
        if (failedRecords != null) {
            failedRecords.close(partitions);
        }
    }

    private void throwIfWritingFailed() {
        try {
            pipeline.throwIfFailed();
        } catch (ConnectException e) {
            throw table.withAdvice(e);
        }
    }

    @Override
    public void stop() {
        stopping = true;
        HeapBudget.leave(this);
        if (changeData != null) {
            changeData.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
        if (failedRecords != null) {
            failedRecords.close();
        }
        if (commitLog != null) {
            commitLog.close();
        }
        if (table != null) {
            table.close();
        }
    }

    WritePipeline pipeline() {
        return pipeline;
    }

    DestinationMetrics destination() {
        return destination;
    }
}
