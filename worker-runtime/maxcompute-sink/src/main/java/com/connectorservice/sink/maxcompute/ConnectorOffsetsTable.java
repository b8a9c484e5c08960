package com.connectorservice.sink.maxcompute;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.errors.ConnectException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.aliyun.odps.Instance;
import com.aliyun.odps.OdpsException;
import com.aliyun.odps.PartitionSpec;
import com.aliyun.odps.data.Record;
import com.aliyun.odps.data.RecordReader;
import com.aliyun.odps.task.SQLTask;
import com.aliyun.odps.tunnel.TableTunnel;
import com.aliyun.odps.tunnel.TunnelException;
import com.aliyun.odps.tunnel.impl.UpsertSessionImpl;
import com.aliyun.odps.tunnel.streams.UpsertStream;
import com.aliyun.odps.utils.NameSpaceSchemaUtils;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The sink's commit log in the destination: what makes batch-tunnel appends exactly-once across crashes, the way
 * Kafka Connect's HDFS and S3 sinks keep their offsets with the data.
 *
 * <p>A Delta table {@value #TABLE} in the connector's project (created once per project, {@code IF NOT EXISTS})
 * holds one row per connector, topic and partition: the offset range of the last batch whose upload sessions the
 * sink committed, and those sessions (table, partition spec, session id). The row is upserted and its upsert session
 * committed <em>before</em> the batch's data sessions are committed, and a partition's next batch is recorded only
 * after the previous one's sessions were committed. So after a crash the row names the only batch whose visibility is
 * in doubt, and {@link #recover} settles it from MaxCompute's own answer (the status of each upload session): a
 * committed session stays as it is, a session still open (every block was uploaded before the row was written) is
 * committed now, and the consumer resumes after the batch. Where Connect committed its offsets no longer matters:
 * nothing is written twice and nothing is skipped.
 *
 * <p>If the table cannot be created or read (the account may not create tables), {@link #open} returns empty after
 * one warning and the sink stays at-least-once. The rows of a deleted connector stay (one small row per topic
 * partition; see docs/operations.md for the statement that removes them).
 */
public final class ConnectorOffsetsTable implements AutoCloseable {

    /** The commit log's table name, one per project. */
    public static final String TABLE = "kafka_connector_offsets";

    private static final Logger log = LoggerFactory.getLogger(ConnectorOffsetsTable.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A few rows per upsert: the stream's defaults (64 MiB, 1 MiB per bucket) would hold heap for nothing. */
    private static final long ROW_BUFFER_BYTES = 64 * 1024;

    /** One upload session a batch commits: {@code partition} is null for a table without partitions. */
    public record Session(String table, String partition, String id) {
    }

    /** The last batch recorded for a topic partition: offsets {@code first..last} and its sessions. */
    public record Entry(TopicPartition tp, long first, long last, List<Session> sessions) {
    }

    private final MaxComputeTable maxCompute;
    private final String connector;
    private final UpsertChannels channels;

    private ConnectorOffsetsTable(MaxComputeTable maxCompute, String connector) {
        this.maxCompute = maxCompute;
        this.connector = connector;
        this.channels = new UpsertChannels(maxCompute);
    }

    /**
     * The commit log of {@code connector}, its table created if missing; empty (with a warning naming the permission)
     * when MaxCompute refuses to create or read it, so the sink falls back to at-least-once rather than failing.
     *
     * @throws ConnectException while MaxCompute is unavailable (see {@link Retry#unavailable}): the caller waits
     */
    public static Optional<ConnectorOffsetsTable> open(MaxComputeTable maxCompute, String connector) {
        MaxComputeSinkConfig config = maxCompute.config();
        ConnectorOffsetsTable table = new ConnectorOffsetsTable(maxCompute, connector);
        try {
            // Usually the project's first connector created it: reading it (which the task must be allowed to do
            // anyway) is one request, where the DDL is an SQL instance and its polling, 40 ms of every task's start.
            table.readAll();
            return Optional.of(table);
        } catch (OdpsException | java.io.IOException | RuntimeException missingOrRefused) {
            if (Retry.unavailable(missingOrRefused)) {
                table.close();
                throw unavailable(missingOrRefused);
            }
        }
        String sql = "CREATE TABLE IF NOT EXISTS " + NameSpaceSchemaUtils.getFullName(config.project(), config.schema(),
                TABLE) + " (connector STRING NOT NULL, topic STRING NOT NULL, kafka_partition BIGINT NOT NULL,"
                + " first_offset BIGINT, last_offset BIGINT, upload_sessions STRING,"
                + " PRIMARY KEY (connector, topic, kafka_partition))"
                + " TBLPROPERTIES (\"transactional\"=\"true\", \"write.bucket.num\"=\"1\");";
        try {
            Instance instance = SQLTask.run(maxCompute.odps(), config.project(), sql, "SQLKafkaConnectorOffsetsTask",
                    NameSpaceSchemaUtils.setSchemaFlagInHints(null, config.schema()), null);
            instance.waitForSuccess();
            table.readAll(); // the account may create but not read or write it: find out now, not after a crash
            return Optional.of(table);
        } catch (OdpsException | java.io.IOException | RuntimeException e) {
            table.close();
            if (Retry.unavailable(e)) {
                // not a refusal: falling back would give up exactly-once for good because of a passing outage
                throw unavailable(e);
            }
            log.warn("Cannot use the commit log table {}.{} ({}): appends through the batch tunnel stay at-least-once"
                    + " (after a crash, rows written since Connect's last offset commit may appear twice). Grant the"
                    + " account CreateTable, Describe, Select and Update on the project to make them exactly-once.",
                    config.project(), TABLE, e.getMessage());
            return Optional.empty();
        }
    }

    private static ConnectException unavailable(Exception e) {
        return new ConnectException("Cannot open the commit log table " + TABLE + ": MaxCompute is unavailable ("
                + e.getMessage() + ")", e);
    }

    /**
     * Durably records that the sessions of {@code tp}'s batch {@code first..last} are about to be committed: one
     * upsert session, committed before this returns. Idempotent (the same row again), so a retry is harmless.
     */
    public void record(Map<TopicPartition, long[]> ranges, List<Session> sessions) throws Exception {
        String sessionsJson = JSON.writeValueAsString(sessions);
        change((session, stream) -> {
            for (Map.Entry<TopicPartition, long[]> range : ranges.entrySet()) {
                Record row = keyOf(session, range.getKey());
                row.set("first_offset", range.getValue()[0]);
                row.set("last_offset", range.getValue()[1]);
                row.set("upload_sessions", sessionsJson);
                stream.upsert(row);
            }
        });
    }

    /**
     * Deletes this connector's rows for {@code partitions} (an offset reset or alteration through Connect's REST API,
     * KIP-875): afterwards the offsets Connect holds are the only ones, as for a sink without a commit log.
     */
    public void forget(Collection<TopicPartition> partitions) throws Exception {
        if (partitions.isEmpty()) {
            return;
        }
        change((session, stream) -> {
            for (TopicPartition tp : partitions) {
                stream.delete(keyOf(session, tp));
            }
        });
    }

    private interface Changes {
        void write(TableTunnel.UpsertSession session, UpsertStream stream) throws Exception;
    }

    /** One upsert session on the table: the rows {@code changes} writes, flushed and committed before this returns. */
    private void change(Changes changes) throws Exception {
        MaxComputeSinkConfig config = maxCompute.config();
        UpsertSessionImpl.Builder builder = (UpsertSessionImpl.Builder) maxCompute.tunnel()
                .buildUpsertSession(config.project(), TABLE);
        builder.setSchemaName(config.schema());
        builder.setNettyBootStrap(channels.bootstrap());
        builder.setConcurrentNum(1);
        TableTunnel.UpsertSession session = builder.build();
        try {
            try (UpsertStream stream = session.buildUpsertStream().setMaxBufferSize(ROW_BUFFER_BYTES)
                    .setSlotBufferSize(ROW_BUFFER_BYTES).build()) {
                changes.write(session, stream);
                stream.flush();
            }
            session.commit(false);
        } finally {
            session.close();
        }
    }

    private Record keyOf(TableTunnel.UpsertSession session, TopicPartition tp) {
        Record row = session.newRecord();
        row.set("connector", connector);
        row.set("topic", tp.topic());
        row.set("kafka_partition", (long) tp.partition());
        return row;
    }

    /** The entries recorded for {@code partitions} (none for a partition never written through this table). */
    public Map<TopicPartition, Entry> read(Collection<TopicPartition> partitions) {
        Set<TopicPartition> wanted = new HashSet<>(partitions);
        try {
            Map<TopicPartition, Entry> entries = readAll();
            entries.keySet().retainAll(wanted);
            return entries;
        } catch (OdpsException | java.io.IOException e) {
            throw maxCompute.withAdvice(new ConnectException("Cannot read the commit log " + TABLE + " of connector "
                    + connector + ": " + e.getMessage(), e));
        }
    }

    private Map<TopicPartition, Entry> readAll() throws OdpsException, java.io.IOException {
        MaxComputeSinkConfig config = maxCompute.config();
        TableTunnel.DownloadSession download = maxCompute.tunnel().buildDownloadSession(config.project(), TABLE)
                .setSchemaName(config.schema()).setAsyncMode(false).build();
        Map<TopicPartition, Entry> entries = new HashMap<>();
        try (RecordReader reader = download.openRecordReader(0, download.getRecordCount())) {
            for (Record row = reader.read(); row != null; row = reader.read()) {
                if (!connector.equals(row.getString("connector"))) {
                    continue;
                }
                TopicPartition tp = new TopicPartition(row.getString("topic"), row.getBigint("kafka_partition").intValue());
                entries.put(tp, new Entry(tp, row.getBigint("first_offset"), row.getBigint("last_offset"),
                        JSON.readValue(row.getString("upload_sessions"), new TypeReference<List<Session>>() { })));
            }
        }
        return entries;
    }

    /**
     * Settles the recorded batch after a crash or a rebalance: every recorded session ends committed (those still
     * open had all their blocks uploaded before the entry was written, so committing them now writes exactly the
     * batch). Returns the offset to resume at, {@code last + 1}; empty when a session can no longer be found or was
     * cancelled (MaxCompute drops sessions after 24 hours), and then Connect's committed offset applies. While
     * MaxCompute is unavailable it throws, so the caller can wait for it.
     */
    public Optional<Long> recover(Entry entry) throws TunnelException, java.io.IOException {
        MaxComputeSinkConfig config = maxCompute.config();
        List<String> committedNow = new ArrayList<>();
        for (Session recorded : entry.sessions()) {
            try {
                PartitionSpec spec = recorded.partition() == null ? null : new PartitionSpec(recorded.partition());
                TableTunnel.UploadSession session = spec == null
                        ? maxCompute.tunnel().getUploadSession(config.project(), config.schema(), recorded.table(),
                                recorded.id())
                        : maxCompute.tunnel().getUploadSession(config.project(), config.schema(), recorded.table(),
                                spec, recorded.id());
                TableTunnel.UploadStatus status = session.getStatus();
                if (status == TableTunnel.UploadStatus.NORMAL) {
                    session.commit(session.getBlockList());
                    committedNow.add(recorded.id());
                } else if (status != TableTunnel.UploadStatus.CLOSED && status != TableTunnel.UploadStatus.CLOSING
                        && status != TableTunnel.UploadStatus.COMMITTING) {
                    log.warn("Upload session {} of {} recorded for {} offsets {}..{} is {}: resuming at Connect's"
                            + " committed offset (rows of that batch may appear twice)", recorded.id(),
                            recorded.table(), entry.tp(), entry.first(), entry.last(), status);
                    return Optional.empty();
                }
            } catch (TunnelException | java.io.IOException e) {
                if (Retry.unavailable(e)) {
                    throw e; // MaxCompute is down: the caller waits for it rather than give up exactly-once
                }
                log.warn("Upload session {} of {} recorded for {} offsets {}..{} cannot be read ({}): resuming at"
                        + " Connect's committed offset (rows of that batch may appear twice)", recorded.id(),
                        recorded.table(), entry.tp(), entry.first(), entry.last(), e.getMessage());
                return Optional.empty();
            }
        }
        if (!committedNow.isEmpty()) {
            log.info("Committed upload session(s) {} of {} offsets {}..{} that a previous task recorded but did not"
                    + " commit", committedNow, entry.tp(), entry.first(), entry.last());
        }
        return Optional.of(entry.last() + 1);
    }

    @Override
    public void close() {
        channels.close();
    }
}
