package com.connectorservice.sink.maxcompute.cdc;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.sink.SinkRecord;
import org.apache.kafka.connect.sink.SinkTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.aliyun.odps.data.Record;
import com.aliyun.odps.tunnel.TableTunnel;
import com.aliyun.odps.tunnel.TunnelException;
import com.aliyun.odps.tunnel.impl.UpsertSessionImpl;
import com.aliyun.odps.tunnel.io.CompressOption;
import com.aliyun.odps.tunnel.streams.UpsertStream;
import com.aliyun.odps.data.RecordWriter;
import com.connectorservice.contracts.sink.Choice;
import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec;
import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec.CompressAlgorithm;
import com.connectorservice.sink.common.FailedRecordHandler;
import com.connectorservice.sink.maxcompute.BadRecordException;
import com.connectorservice.sink.maxcompute.ConnectorOffsetsTable;
import com.connectorservice.sink.maxcompute.UpsertChannels;
import com.connectorservice.sink.maxcompute.CrashPoint;
import com.connectorservice.sink.maxcompute.HeapBudget;
import com.connectorservice.sink.maxcompute.MaxComputeSinkConfig;
import com.connectorservice.sink.maxcompute.MaxComputeTable;
import com.connectorservice.sink.maxcompute.Retry;


/**
 * The sink's change-data mode (format DEBEZIUM_JSON, seed 004): each record's change event is checked, its table
 * created or evolved before the row is taken, and the row buffered per destination table in arrival order. At each
 * offset commit, when {@code total_buffer_size} fills, and once the oldest change waited {@value #MAX_BUFFERED_MS} ms
 * (then asking Connect to commit), every table's buffer is written: a Delta table through one
 * upsert session (inserts and updates upserted, deletes deleted), an append table through one batch upload (updates
 * inserted, deletes ignored), up to {@code commit_thread_num} tables at once. Offsets are committed only for records
 * whose sessions committed; a replay after a crash upserts the same rows again, so a Delta table ends equal to the
 * source. A record that is not a usable change event goes to the {@link FailedRecordHandler}.
 *
 * <p>With a commit log ({@link ConnectorOffsetsTable}) the append tables are exactly-once too: their blocks are
 * uploaded first, then the offset range of every partition taken since the last write and the append sessions are
 * recorded (one upsert, atomic for all partitions), and only then are the sessions committed. After a crash the task
 * settles the recorded sessions and resumes after the recorded ranges ({@code MaxComputeSinkTask.open}).
 */
public final class ChangeDataSink implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChangeDataSink.class);

    private final MaxComputeSinkConfig config;
    private final MaxComputeTable maxCompute;
    private final FailedRecordHandler failedRecords;
    private final DebeziumEnvelope envelopes = new DebeziumEnvelope();
    private final ChangeDataTables tables;
    private final String tableTemplate;
    private final CompressOption compression;
    private final long totalBufferBytes;
    private final long bucketBufferBytes;
    private final int flushConcurrency;
    private final ExecutorService committers;
    private final UpsertChannels channels;

    /** How long a change may wait for the offset commit before it is written anyway (Connect's timer is seconds). */
    static final long MAX_BUFFERED_MS = 1_000;
    /** Connect's poll timeout while changes are buffered, so put comes back to write them when nothing new arrives. */
    static final long POLL_WHILE_BUFFERED_MS = 200;

    private final SinkTaskContext context;
    private final Map<String, List<Change>> buffered = new LinkedHashMap<>();
    private long bufferedBytes;
    private long oldestBufferedAt;
    /** Next offset to read per partition, for everything taken so far; durable once the buffers are written. */
    private final Map<TopicPartition, OffsetAndMetadata> taken = new HashMap<>();
    private final Map<TopicPartition, OffsetAndMetadata> durable = new HashMap<>();
    /** Offsets taken since the last write, per partition (first, last): recorded in the commit log with it. */
    private final Map<TopicPartition, long[]> takenRanges = new HashMap<>();
    /** Null when the commit log is unusable: append tables are then at-least-once. */
    private final ConnectorOffsetsTable commitLog;
    /**
     * Commits in a row whose writes MaxCompute refused for a reason other than unavailability. Connect rewinds and
     * goes on after a failed commit (it fails no task for it), so each is tried again at the next commit; past
     * {@code max_retries} the next put fails the task ({@link #refusedForGood}), as the other formats' writes do.
     * Before, a table dropped under the connector kept it RUNNING for ever, writing nothing.
     */
    private int refusedCommits;
    private ConnectException refusedForGood;

    /** @param bytes what the change adds to {@code bufferedBytes} */
    private record Change(TopicPartition source, boolean delete, Object[] values, long bytes) {
    }

    /** An append table's rows, uploaded and not yet committed. */
    private record AppendUpload(String table, TableTunnel.UploadSession session) {
    }

    public ChangeDataSink(MaxComputeSinkConfig config, MaxComputeTable maxCompute, FailedRecordHandler failedRecords,
                          SinkTaskContext context, ConnectorOffsetsTable commitLog) {
        this.config = config;
        this.commitLog = commitLog;
        this.context = context;
        this.maxCompute = maxCompute;
        this.failedRecords = failedRecords;
        this.tables = new ChangeDataTables(maxCompute.odps(), config.project(), config.schema(),
                config.getBoolean(MaxComputeSinkSpec.AUTO_CREATE_TABLE), config.getInt(MaxComputeSinkSpec.BUCKETS_NUM));
        this.tableTemplate = config.table();
        this.compression = compression(Choice.parse(CompressAlgorithm.class, MaxComputeSinkSpec.COMPRESS_ALGORITHM,
                config.getString(MaxComputeSinkSpec.COMPRESS_ALGORITHM)));
        this.totalBufferBytes = MaxComputeSinkSpec.parseSize(config.getString(MaxComputeSinkSpec.TOTAL_BUFFER_SIZE));
        this.bucketBufferBytes = MaxComputeSinkSpec.parseSize(config.getString(MaxComputeSinkSpec.BUCKET_BUFFER_SIZE));
        this.flushConcurrency = config.getInt(MaxComputeSinkSpec.FLUSH_CONCURRENT_NUM);
        this.committers = Executors.newFixedThreadPool(config.getInt(MaxComputeSinkSpec.COMMIT_THREAD_NUM));
        String quota = config.getString(MaxComputeSinkSpec.QUOTA_NAME);
        if (quota != null && !quota.isBlank()) {
            maxCompute.tunnel().getConfig().setQuotaName(quota.trim());
        }
        this.channels = new UpsertChannels(maxCompute);
    }

    private static CompressOption compression(CompressAlgorithm algorithm) {
        return switch (algorithm) {
            case RAW -> new CompressOption(CompressOption.CompressAlgorithm.ODPS_RAW, 0, 0);
            case ZLIB -> new CompressOption(CompressOption.CompressAlgorithm.ODPS_ZLIB, 1, 0);
            case LZ4 -> new CompressOption(CompressOption.CompressAlgorithm.ODPS_LZ4_FRAME, 1, 0);
            case SNAPPY -> new CompressOption(CompressOption.CompressAlgorithm.ODPS_SNAPPY, 1, 0);
        };
    }

    /** The destination table of a change event: the {@code table} setting with its placeholders replaced. */
    String tableName(ChangeEvent event) {
        String name = tableTemplate.replace(MaxComputeSinkSpec.TABLE_PLACEHOLDER, nullToEmpty(event.table()))
                .replace(MaxComputeSinkSpec.SCHEMA_PLACEHOLDER, nullToEmpty(event.schema()))
                .replace(MaxComputeSinkSpec.DATABASE_PLACEHOLDER, nullToEmpty(event.database()));
        String sanitized = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (sanitized.isEmpty() || sanitized.chars().allMatch(c -> c == '_')) {
            throw new BadRecordException("the change event names no table for '" + tableTemplate + "' (source "
                    + event.database() + "." + event.schema() + "." + event.table() + ")");
        }
        return sanitized;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    public void put(Collection<SinkRecord> records) {
        if (refusedForGood != null) {
            throw refusedForGood;
        }
        for (SinkRecord record : records) {
            TopicPartition tp = new TopicPartition(record.originalTopic(), record.originalKafkaPartition());
            try {
                ChangeEvent event = envelopes.parse(record);
                if (event != null) {
                    take(tp, event);
                }
            } catch (BadRecordException e) {
                failedRecords.handle(record, e);
            }
            taken.put(tp, new OffsetAndMetadata(record.originalKafkaOffset() + 1));
            long offset = record.originalKafkaOffset();
            takenRanges.merge(tp, new long[] {offset, offset},
                    (was, now) -> new long[] {Math.min(was[0], now[0]), Math.max(was[1], now[1])});
        }
        if (buffered.isEmpty()) {
            return;
        }
        // written when the buffer is full or its oldest change waited long enough, not only at Connect's commit timer
        if (bufferedBytes >= HeapBudget.bound(totalBufferBytes)
                || System.currentTimeMillis() - oldestBufferedAt >= MAX_BUFFERED_MS) {
            writeAll();
            context.requestCommit();
        } else {
            context.timeout(POLL_WHILE_BUFFERED_MS);
        }
    }

    private void take(TopicPartition source, ChangeEvent event) {
        String table = tableName(event);
        ChangeDataTables.Shape shape = tables.prepare(table, event);
        if (!shape.delta() && event.operation() == ChangeEvent.Operation.DELETE) {
            return; // seed 004: an append table ignores deletes
        }
        Object[] values = new Object[shape.columns().size()];
        long bytes = 16;
        for (Map.Entry<String, ChangeEvent.Cell> cell : event.row().entrySet()) {
            int index = shape.indexOf(cell.getKey());
            values[index] = toColumn(cell.getValue().value(), shape.types().get(index));
            bytes += 8 + (values[index] instanceof String s ? s.length() : 8);
        }
        if (buffered.isEmpty()) {
            oldestBufferedAt = System.currentTimeMillis();
        }
        buffered.computeIfAbsent(table, t -> new ArrayList<>())
                .add(new Change(source, event.operation() == ChangeEvent.Operation.DELETE, values, bytes));
        bufferedBytes += bytes;
    }

    /** A value of a narrower type as the column's wider one (the table may have been widened before). */
    private static Object toColumn(Object value, String type) {
        if (value == null) {
            return null;
        }
        return switch (type) {
            case "smallint" -> value instanceof Number n ? (Object) n.shortValue() : value;
            case "int" -> value instanceof Number n ? (Object) n.intValue() : value;
            case "bigint" -> value instanceof Number n ? (Object) n.longValue() : value;
            case "double" -> value instanceof Number n ? (Object) n.doubleValue() : value;
            default -> type.startsWith("decimal") && value instanceof BigDecimal decimal
                    ? decimal.setScale(scale(type), RoundingMode.UNNECESSARY) : value;
        };
    }

    private static int scale(String decimal) {
        int comma = decimal.indexOf(',');
        return comma < 0 ? 18 : Integer.parseInt(decimal.substring(comma + 1, decimal.indexOf(')')).trim());
    }

    /** Writes every buffer and commits it; the offsets taken so far are durable afterwards. */
    public Map<TopicPartition, OffsetAndMetadata> preCommit(Map<TopicPartition, OffsetAndMetadata> currentOffsets) {
        writeAll();
        failedRecords.flush();
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(durable);
        offsets.keySet().retainAll(currentOffsets.keySet());
        failedRecords.committing(offsets);
        return offsets;
    }

    /** The partition's records before {@code next} are durable (settled from the commit log when assigned). */
    public void resumedAt(TopicPartition tp, long next) {
        durable.put(tp, new OffsetAndMetadata(next));
    }

    /**
     * Forgets what was taken from partitions this task no longer owns. A revocation leaves nothing: Connect called
     * {@link #preCommit} first, which wrote every buffer. A loss (the group moved on while this task's consumer was
     * out of its session) comes without it, and the partitions' next owner reads their changes again from the last
     * commit: written here later, a change could land after a newer one of the same row and turn that row back.
     */
    public void revoke(Collection<TopicPartition> partitions) {
        for (Iterator<List<Change>> tables = buffered.values().iterator(); tables.hasNext(); ) {
            List<Change> changes = tables.next();
            changes.removeIf(change -> partitions.contains(change.source()));
            if (changes.isEmpty()) {
                tables.remove();
            }
        }
        bufferedBytes = buffered.values().stream().flatMap(List::stream).mapToLong(Change::bytes).sum();
        taken.keySet().removeAll(partitions);
        takenRanges.keySet().removeAll(partitions);
        durable.keySet().removeAll(partitions);
    }

    private void writeAll() {
        if (buffered.isEmpty() && takenRanges.isEmpty()) {
            return;
        }
        Map<TopicPartition, OffsetAndMetadata> covered = new HashMap<>(taken);
        Map<TopicPartition, long[]> ranges = new HashMap<>(takenRanges);
        List<Future<AppendUpload>> writes = new ArrayList<>();
        for (Map.Entry<String, List<Change>> table : buffered.entrySet()) {
            ChangeDataTables.Shape shape = tables.current(table.getKey());
            writes.add(committers.submit(() -> write(shape, table.getValue())));
        }
        try {
            // Delta tables are committed by now (idempotent on replay); append sessions are uploaded, not committed
            List<AppendUpload> appends = new ArrayList<>();
            for (Future<AppendUpload> write : writes) {
                AppendUpload upload = write.get();
                if (upload != null) {
                    appends.add(upload);
                }
            }
            if (commitLog != null) {
                List<ConnectorOffsetsTable.Session> sessions = new ArrayList<>();
                for (AppendUpload upload : appends) {
                    sessions.add(new ConnectorOffsetsTable.Session(upload.table(), null, upload.session().getId()));
                }
                commitLog.record(ranges, sessions);
            }
            List<Future<?>> commits = new ArrayList<>();
            for (AppendUpload upload : appends) {
                commits.add(committers.submit(() -> {
                    upload.session().commit();
                    return null;
                }));
            }
            for (Future<?> commit : commits) {
                commit.get();
            }
            CrashPoint.afterCommit();
        } catch (Exception e) {
            // Connect rewinds to the committed offsets after a failed commit (and a failed put restarts the task):
            // what was taken since is delivered again, so it must not stay buffered as well
            writes.forEach(w -> w.cancel(true));
            buffered.clear();
            bufferedBytes = 0;
            taken.clear();
            takenRanges.clear();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new ConnectException("Interrupted while writing change data", e);
            }
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            ConnectException failure = maxCompute.withAdvice(new ConnectException("Writing change data failed: "
                    + cause.getMessage(), cause));
            if (!Retry.unavailable(cause) && ++refusedCommits > config.maxRetries()) {
                refusedForGood = new ConnectException("MaxCompute refused the change data " + refusedCommits
                        + " commits in a row (" + MaxComputeSinkSpec.MAX_RETRIES + "=" + config.maxRetries() + "): "
                        + failure.getMessage(), cause);
            }
            throw failure;
        }
        buffered.clear();
        bufferedBytes = 0;
        takenRanges.clear();
        durable.putAll(covered);
        refusedCommits = 0;
    }

    /** Writes a Delta table's changes and commits them; an append table's rows are uploaded and their session returned. */
    private AppendUpload write(ChangeDataTables.Shape shape, List<Change> changes)
            throws IOException, TunnelException {
        long started = System.nanoTime();
        TableTunnel tunnel = maxCompute.tunnel();
        if (shape.delta()) {
            UpsertSessionImpl.Builder builder = (UpsertSessionImpl.Builder) tunnel.buildUpsertSession(config.project(),
                    shape.name());
            builder.setSchemaName(config.schema());
            builder.setNettyBootStrap(channels.bootstrap());
            builder.setConcurrentNum(flushConcurrency);
            TableTunnel.UpsertSession session = builder.build();
            try {
                try (UpsertStream stream = session.buildUpsertStream().setCompressOption(compression)
                        .setMaxBufferSize(totalBufferBytes).setSlotBufferSize(bucketBufferBytes).build()) {
                    for (Change change : changes) {
                        Record record = session.newRecord();
                        fill(record, change.values(), shape.types());
                        if (change.delete()) {
                            stream.delete(record);
                        } else {
                            stream.upsert(record);
                        }
                    }
                    stream.flush();
                }
                session.commit(false);
            } finally {
                session.close();
            }
        } else {
            TableTunnel.UploadSession session = tunnel.createUploadSession(config.project(), config.schema(),
                    shape.name(), false);
            try (RecordWriter writer = session.openBufferedWriter(compression)) {
                for (Change change : changes) {
                    Record record = session.newRecord();
                    fill(record, change.values(), shape.types());
                    writer.write(record);
                }
            }
            log.debug("Uploaded {} change(s) into {} (append) in {} ms", changes.size(), shape.name(),
                    (System.nanoTime() - started) / 1_000_000);
            return new AppendUpload(shape.name(), session);
        }
        log.debug("Wrote {} change(s) into {} (Delta) in {} ms", changes.size(), shape.name(),
                (System.nanoTime() - started) / 1_000_000);
        return null;
    }

    /** Values taken before a column was widened are widened now, to the type the session writes. */
    private static void fill(Record record, Object[] values, List<String> types) {
        int columns = Math.min(values.length, record.getColumnCount());
        for (int i = 0; i < columns; i++) {
            record.set(i, toColumn(values[i], types.get(i)));
        }
    }

    @Override
    public void close() {
        committers.shutdownNow();
        channels.close();
    }
}
