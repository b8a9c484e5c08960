package com.connectorservice.sink.maxcompute;

import java.util.List;

import com.aliyun.odps.data.Record;
import com.aliyun.odps.data.RecordWriter;
import com.aliyun.odps.tunnel.TableTunnel;
import com.aliyun.odps.tunnel.io.CompressOption;

/**
 * Batch tunnel: one upload session per batch and partition, one block, then commit. An upload that
 * fails before its commit leaves nothing visible, so a retry with a new session does not duplicate.
 */
final class BatchTunnelWriter implements TunnelWriter {

    private static final Long[] SINGLE_BLOCK = {0L};

    private final MaxComputeTable table;
    private final CompressOption compression = new CompressOption(CompressOption.CompressAlgorithm.ODPS_ZLIB, 1, 0);

    BatchTunnelWriter(MaxComputeTable table) {
        this.table = table;
    }

    @Override
    public void write(String pt, List<Record> rows) throws Exception {
        table.ensurePartition(pt);
        MaxComputeSinkConfig config = table.config();
        TableTunnel.UploadSession session = table.tunnel().createUploadSession(config.project(), config.schema(),
                config.table(), MaxComputeTable.spec(pt), false);
        try (RecordWriter writer = session.openRecordWriter(0, compression)) {
            for (Record row : rows) {
                writer.write(row);
            }
        }
        session.commit(SINGLE_BLOCK);
    }
}
