package com.connectorservice.sink.maxcompute;

import java.util.List;
import java.util.stream.LongStream;

import com.aliyun.odps.Column;
import com.aliyun.odps.data.ArrayRecord;
import com.aliyun.odps.data.Record;
import com.aliyun.odps.data.RecordWriter;
import com.aliyun.odps.tunnel.TableTunnel;

/**
 * Batch tunnel: one upload session per batch and {@code pt}; each block is encoded while it streams to MaxCompute
 * (uploaded before the batch's turn, invisible); one commit makes all blocks visible at once. A block written
 * again replaces the first attempt and an uncommitted session stays invisible, so retries do not duplicate.
 */
final class BatchTunnelWriter implements TunnelWriter {

    private final MaxComputeTable table;
    private final Column[] columns;
    /** Null when the table has a column type the own encoder does not write: then the SDK's writer encodes. */
    private final RecordBlockEncoder encoder;

    BatchTunnelWriter(MaxComputeTable table, Column[] columns) {
        this.table = table;
        this.columns = columns;
        this.encoder = RecordBlockEncoder.forColumns(columns);
    }

    @Override
    public boolean visibleOnWrite() {
        return false;
    }

    @Override
    public Upload open(String pt) throws Exception {
        table.ensurePartition(pt);
        MaxComputeSinkConfig config = table.config();
        TableTunnel.UploadSession session = table.tunnel().createUploadSession(config.project(), config.schema(),
                config.table(), MaxComputeTable.spec(pt), false);
        return new Upload() {
            @Override
            public void write(int block, List<Object[]> rows) throws Exception {
                if (encoder != null) {
                    try (RecordBlockEncoder.EncodedBlock encoded = encoder.encode(rows)) {
                        session.writeBlock(block, encoded);
                    }
                    return;
                }
                Record record = new ArrayRecord(columns);
                try (RecordWriter writer = session.openRecordWriter(block, MaxComputeTable.COMPRESSION)) {
                    for (Object[] row : rows) {
                        writer.write(TunnelWriter.reuse(record, row));
                    }
                }
            }

            @Override
            public ConnectorOffsetsTable.Session session() {
                return new ConnectorOffsetsTable.Session(config.table(), MaxComputeTable.spec(pt).toString(),
                        session.getId());
            }

            @Override
            public void commit(int blocks) throws Exception {
                session.commit(LongStream.range(0, blocks).boxed().toArray(Long[]::new));
            }
        };
    }
}
