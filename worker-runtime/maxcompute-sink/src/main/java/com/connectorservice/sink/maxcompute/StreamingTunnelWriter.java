package com.connectorservice.sink.maxcompute;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.aliyun.odps.Column;
import com.aliyun.odps.data.ArrayRecord;
import com.aliyun.odps.data.Record;
import com.aliyun.odps.tunnel.TableTunnel;
import com.aliyun.odps.tunnel.TunnelException;
import com.aliyun.odps.tunnel.impl.StreamUploadSessionImpl;

/**
 * Streaming tunnel: one session per {@code pt} (created with {@code create_partition}), one pack per block, visible
 * as soon as its flush is acknowledged; packs are therefore only written in their batch's turn. Packs are encoded by
 * {@link RecordBlockEncoder} when the table's columns allow it (what the batch tunnel sends, byte for byte the SDK's
 * pack), otherwise by the SDK's pack.
 */
final class StreamingTunnelWriter implements TunnelWriter {

    private final MaxComputeTable table;
    private final Column[] columns;
    /** Null when the table has a column type the own encoder does not write: then the SDK's pack encodes. */
    private final RecordBlockEncoder encoder;
    private final Map<String, TableTunnel.StreamUploadSession> sessions = new ConcurrentHashMap<>();

    StreamingTunnelWriter(MaxComputeTable table, Column[] columns) {
        this.table = table;
        this.columns = columns;
        this.encoder = RecordBlockEncoder.forColumns(columns);
    }

    @Override
    public boolean visibleOnWrite() {
        return true;
    }

    @Override
    public Upload open(String pt) {
        return new Upload() {
            @Override
            public void write(int block, List<Object[]> rows) throws Exception {
                flush(pt, rows);
            }

            @Override
            public void commit(int blocks) {
            }
        };
    }

    private void flush(String pt, List<Object[]> rows) throws Exception {
        TableTunnel.StreamUploadSession session = session(pt);
        try {
            if (encoder != null) {
                try (RecordBlockEncoder.EncodedBlock encoded = encoder.encode(rows)) {
                    ((StreamUploadSessionImpl) session).writeBlock(encoded, table.config().requestTimeoutMs());
                }
                return;
            }
            TableTunnel.StreamRecordPack pack = session.newRecordPack(MaxComputeTable.COMPRESSION);
            Record record = new ArrayRecord(columns);
            for (Object[] row : rows) {
                pack.append(TunnelWriter.reuse(record, row));
            }
            pack.flush(new TableTunnel.FlushOption().timeout(table.config().requestTimeoutMs()));
        } catch (Exception e) {
            // A session that failed may be stale (e.g. the server restarted); the retry opens a new one.
            sessions.remove(pt, session);
            throw e;
        }
    }

    private TableTunnel.StreamUploadSession session(String pt) throws TunnelException {
        TableTunnel.StreamUploadSession session = sessions.get(pt);
        if (session != null) {
            return session;
        }
        MaxComputeSinkConfig config = table.config();
        TableTunnel.StreamUploadSession.Builder builder = table.tunnel()
                .buildStreamUploadSession(config.project(), config.table())
                .setPartitionSpec(MaxComputeTable.spec(pt))
                .setCreatePartition(true);
        if (config.schema() != null) {
            builder.setSchemaName(config.schema());
        }
        session = builder.build();
        TableTunnel.StreamUploadSession raced = sessions.putIfAbsent(pt, session);
        return raced != null ? raced : session;
    }
}
