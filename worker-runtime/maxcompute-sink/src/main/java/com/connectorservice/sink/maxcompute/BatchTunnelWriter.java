package com.connectorservice.sink.maxcompute;

import java.util.List;
import java.util.stream.LongStream;

import com.aliyun.odps.data.Record;
import com.aliyun.odps.data.RecordWriter;
import com.aliyun.odps.tunnel.TableTunnel;
import com.aliyun.odps.tunnel.io.CompressOption;

/**
 * Batch tunnel: one upload session per batch and partition, one block per part (uploaded concurrently,
 * ahead of the batch's turn), one commit that makes all blocks visible at once. A block written again
 * replaces the first attempt, and an uncommitted session stays invisible, so retries do not duplicate.
 */
final class BatchTunnelWriter implements TunnelWriter {

    private final MaxComputeTable table;
    private final CompressOption compression = new CompressOption(CompressOption.CompressAlgorithm.ODPS_ZLIB, 1, 0);

    BatchTunnelWriter(MaxComputeTable table) {
        this.table = table;
    }

    @Override
    public Upload open(String pt) throws Exception {
        table.ensurePartition(pt);
        MaxComputeSinkConfig config = table.config();
        TableTunnel.UploadSession session = table.tunnel().createUploadSession(config.project(), config.schema(),
                config.table(), MaxComputeTable.spec(pt), false);
        return new Upload() {
            @Override
            public void prepare(int part, List<Record> rows) throws Exception {
                try (RecordWriter writer = session.openRecordWriter(part, compression)) {
                    for (Record row : rows) {
                        writer.write(row);
                    }
                }
            }

            @Override
            public void publish(int part, List<Record> rows) {
            }

            @Override
            public void complete(int parts) throws Exception {
                session.commit(LongStream.range(0, parts).boxed().toArray(Long[]::new));
            }
        };
    }
}
