package com.connectorservice.emulator.maxcompute;

import com.aliyun.odps.Odps;
import com.aliyun.odps.PartitionSpec;
import com.aliyun.odps.data.Record;
import com.aliyun.odps.data.RecordWriter;
import com.aliyun.odps.tunnel.TableTunnel;

/** Writes rows through the SDK's batch tunnel, one block, committed. */
final class TunnelTestData {

    private TunnelTestData() {
    }

    static void upload(Odps odps, String table, String partitionSpecOrNull, Object[]... rows) throws Exception {
        TableTunnel tunnel = new TableTunnel(odps);
        TableTunnel.UploadSession session = partitionSpecOrNull == null
                ? tunnel.createUploadSession(odps.getDefaultProject(), table)
                : tunnel.createUploadSession(odps.getDefaultProject(), table, new PartitionSpec(partitionSpecOrNull));
        try (RecordWriter writer = session.openRecordWriter(0)) {
            for (Object[] row : rows) {
                Record record = session.newRecord();
                for (int i = 0; i < row.length; i++) {
                    record.set(i, row[i]);
                }
                writer.write(record);
            }
        }
        session.commit(new Long[] {0L});
    }
}
