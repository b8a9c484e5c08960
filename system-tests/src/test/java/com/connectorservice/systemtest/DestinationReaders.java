package com.connectorservice.systemtest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.TableStoreException;
import com.alicloud.openservices.tablestore.model.Column;
import com.alicloud.openservices.tablestore.model.DescribeTableRequest;
import com.alicloud.openservices.tablestore.model.Direction;
import com.alicloud.openservices.tablestore.model.GetRangeRequest;
import com.alicloud.openservices.tablestore.model.GetRangeResponse;
import com.alicloud.openservices.tablestore.model.PrimaryKeyBuilder;
import com.alicloud.openservices.tablestore.model.PrimaryKeyColumn;
import com.alicloud.openservices.tablestore.model.PrimaryKeySchema;
import com.alicloud.openservices.tablestore.model.PrimaryKeyValue;
import com.alicloud.openservices.tablestore.model.RangeRowQueryCriteria;
import com.alicloud.openservices.tablestore.model.Row;
import com.aliyun.odps.Odps;
import com.aliyun.odps.OdpsType;
import com.aliyun.odps.Partition;
import com.aliyun.odps.account.AliyunAccount;
import com.aliyun.odps.data.Record;
import com.aliyun.odps.data.RecordReader;
import com.aliyun.odps.tunnel.TableTunnel;

/** Rows read back through the real SDKs, as a user of the destination would read them. */
final class DestinationReaders {

    private final Odps odps;
    private final TableTunnel tunnel;
    private final SyncClient tablestore;

    DestinationReaders(SystemStack stack) {
        odps = new Odps(new AliyunAccount(SystemStack.ACCESS_KEY_ID, SystemStack.ACCESS_KEY_SECRET));
        odps.setEndpoint(stack.maxCompute.endpoint());
        odps.setDefaultProject(SystemStack.PROJECT);
        tunnel = new TableTunnel(odps);
        tunnel.setEndpoint(stack.maxCompute.tunnelEndpoint());
        tablestore = new SyncClient(stack.tablestore.endpoint(), SystemStack.ACCESS_KEY_ID, SystemStack.ACCESS_KEY_SECRET,
                SystemStack.OTS_INSTANCE);
    }

    /** Every committed row of a MaxCompute table, every partition, through the download tunnel. */
    List<Map<String, Object>> maxComputeRows(String table) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Partition partition : odps.tables().get(SystemStack.PROJECT, table).getPartitions()) {
            rows.addAll(maxComputeRows(table, partition.getPartitionSpec()));
        }
        return rows;
    }

    /** The committed rows of one partition (e.g. {@code ds=2022112210}), none when it does not exist. */
    List<Map<String, Object>> maxComputeRows(String table, com.aliyun.odps.PartitionSpec partition) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (!odps.tables().get(SystemStack.PROJECT, table).hasPartition(partition)) {
            return rows;
        }
        TableTunnel.DownloadSession session = tunnel.createDownloadSession(SystemStack.PROJECT, table, partition);
        long count = session.getRecordCount();
        if (count == 0) {
            return rows;
        }
        try (RecordReader reader = session.openRecordReader(0, count)) {
            for (Record record = reader.read(); record != null; record = reader.read()) {
                Map<String, Object> row = new LinkedHashMap<>();
                com.aliyun.odps.Column[] columns = record.getColumns();
                for (int i = 0; i < columns.length; i++) {
                    Object value = record.get(i);
                    if (value instanceof byte[] bytes && columns[i].getTypeInfo().getOdpsType() == OdpsType.STRING) {
                        value = new String(bytes, StandardCharsets.UTF_8);
                    }
                    row.put(columns[i].getName(), value);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** A MaxCompute table as the SDK describes it (type, primary key, schema). */
    com.aliyun.odps.Table maxComputeTable(String table) throws Exception {
        com.aliyun.odps.Table described = odps.tables().get(SystemStack.PROJECT, table);
        described.reload();
        return described;
    }

    /** How many rows a MaxCompute table holds (the download tunnel's count per partition; no rows are read). */
    long maxComputeRowCount(String table) throws Exception {
        long count = 0;
        for (Partition partition : odps.tables().get(SystemStack.PROJECT, table).getPartitions()) {
            count += tunnel.createDownloadSession(SystemStack.PROJECT, table, partition.getPartitionSpec()).getRecordCount();
        }
        return count;
    }

    /**
     * The highest offset stored per {@code <topic>_<partition>} in a Tablestore table keyed by Kafka coordinates
     * (primary key {@code topic_partition}, {@code offset}): one backward GetRange of one row per partition.
     */
    Map<String, Long> tablestoreNewestOffsets(String table, String topic, int partitions) {
        Map<String, Long> newest = new LinkedHashMap<>();
        for (int p = 0; p < partitions; p++) {
            String topicPartition = topic + "_" + p;
            RangeRowQueryCriteria criteria = new RangeRowQueryCriteria(table);
            criteria.setMaxVersions(1);
            criteria.setDirection(Direction.BACKWARD);
            criteria.setLimit(1);
            criteria.setInclusiveStartPrimaryKey(PrimaryKeyBuilder.createPrimaryKeyBuilder()
                    .addPrimaryKeyColumn("topic_partition", PrimaryKeyValue.fromString(topicPartition))
                    .addPrimaryKeyColumn("offset", PrimaryKeyValue.INF_MAX).build());
            criteria.setExclusiveEndPrimaryKey(PrimaryKeyBuilder.createPrimaryKeyBuilder()
                    .addPrimaryKeyColumn("topic_partition", PrimaryKeyValue.fromString(topicPartition))
                    .addPrimaryKeyColumn("offset", PrimaryKeyValue.INF_MIN).build());
            List<Row> rows = tablestore.getRange(new GetRangeRequest(criteria)).getRows();
            newest.put(topicPartition, rows.isEmpty() ? -1L : rows.get(0).getPrimaryKey().getPrimaryKeyColumn("offset")
                    .getValue().asLong());
        }
        return newest;
    }

    /** Every row of a Tablestore table through GetRange; primary key and attribute columns by name. */
    List<Map<String, Object>> tablestoreRows(String table) {
        List<String> keyNames;
        try {
            keyNames = tablestore.describeTable(new DescribeTableRequest(table)).getTableMeta().getPrimaryKeyList().stream()
                    .map(PrimaryKeySchema::getName).toList();
        } catch (TableStoreException e) {
            if ("OTSObjectNotExist".equals(e.getErrorCode())) {
                return List.of();
            }
            throw e;
        }
        RangeRowQueryCriteria criteria = new RangeRowQueryCriteria(table);
        criteria.setMaxVersions(1);
        criteria.setInclusiveStartPrimaryKey(bound(keyNames, PrimaryKeyValue.INF_MIN));
        criteria.setExclusiveEndPrimaryKey(bound(keyNames, PrimaryKeyValue.INF_MAX));
        List<Map<String, Object>> rows = new ArrayList<>();
        while (true) {
            GetRangeResponse response = tablestore.getRange(new GetRangeRequest(criteria));
            for (Row row : response.getRows()) {
                Map<String, Object> values = new LinkedHashMap<>();
                for (PrimaryKeyColumn key : row.getPrimaryKey().getPrimaryKeyColumns()) {
                    values.put(key.getName(), key.getValue().toString());
                }
                for (Column column : row.getColumns()) {
                    values.put(column.getName(), column.getValue().toString());
                }
                rows.add(values);
            }
            if (response.getNextStartPrimaryKey() == null) {
                return rows;
            }
            criteria.setInclusiveStartPrimaryKey(response.getNextStartPrimaryKey());
        }
    }

    private static com.alicloud.openservices.tablestore.model.PrimaryKey bound(List<String> names, PrimaryKeyValue value) {
        PrimaryKeyBuilder builder = PrimaryKeyBuilder.createPrimaryKeyBuilder();
        names.forEach(name -> builder.addPrimaryKeyColumn(name, value));
        return builder.build();
    }

    void close() {
        tablestore.shutdown();
    }
}
