package com.connectorservice.sink.maxcompute;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.aliyun.odps.Column;
import com.aliyun.odps.Odps;
import com.aliyun.odps.OdpsType;
import com.aliyun.odps.Partition;
import com.aliyun.odps.account.AliyunAccount;
import com.aliyun.odps.data.Record;
import com.aliyun.odps.data.RecordReader;
import com.aliyun.odps.tunnel.TableTunnel;
import com.connectorservice.emulator.maxcompute.MaxComputeEmulator;

/** The MaxCompute emulator plus an SDK client that reads rows back the way a user would. */
final class MaxComputeTables implements AutoCloseable {

    static final String PROJECT = "connector_test";
    static final String ACCESS_ID = "local-ak";
    static final String ACCESS_KEY = "local-sk";

    MaxComputeEmulator emulator;
    private final Path dataDirectory;
    private final Odps odps;
    private final TableTunnel tunnel;

    MaxComputeTables(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
        emulator = start(0);
        odps = new Odps(new AliyunAccount(ACCESS_ID, ACCESS_KEY));
        odps.setEndpoint(emulator.endpoint());
        odps.setDefaultProject(PROJECT);
        tunnel = new TableTunnel(odps);
        tunnel.setEndpoint(emulator.tunnelEndpoint());
    }

    /**
     * The plugin.path of a stock worker loading the sink: the directory above the plugin directory built in the
     * package phase.
     */
    static Path pluginPath() {
        String pluginDir = System.getProperty("maxcompute.plugin.dir");
        if (pluginDir == null || !Files.isDirectory(Path.of(pluginDir))) {
            throw new IllegalStateException("Plugin directory " + pluginDir + " missing: run the package phase"
                    + " (./mvnw -pl worker-runtime/maxcompute-sink verify)");
        }
        return Path.of(pluginDir).getParent();
    }

    private MaxComputeEmulator start(int port) {
        return MaxComputeEmulator.builder().port(port).dataDirectory(dataDirectory)
                .credential(ACCESS_ID, ACCESS_KEY).project(PROJECT).start();
    }

    /** An outage: the service stops answering (connections refused) until {@link #restart()}. */
    void stop() {
        emulator.close();
    }

    /** The service answers again on the same port with the same data. */
    void restart() {
        emulator = start(emulator.port());
    }

    void execute(String sql) {
        emulator.execute(sql);
    }

    /** The connector settings that point at this emulator, keys as seed 001 writes them. */
    Map<String, String> connectorSettings(String table) {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("connector.class", "com.aliyun.odps.kafka.connect.MaxComputeSinkConnector");
        props.put("endpoint", emulator.endpoint());
        props.put("tunnel_endpoint", emulator.tunnelEndpoint());
        props.put("project", PROJECT);
        props.put("table", table);
        props.put("account_type", "ALIYUN");
        props.put("access_id", ACCESS_ID);
        props.put("access_key", ACCESS_KEY);
        return props;
    }

    /** Every row of every partition, read through the SDK's download tunnel; values as plain Java. */
    List<Map<String, Object>> rows(String table) throws Exception {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Partition partition : odps.tables().get(PROJECT, table).getPartitions()) {
            TableTunnel.DownloadSession session = tunnel.createDownloadSession(PROJECT, table, partition.getPartitionSpec());
            long count = session.getRecordCount();
            if (count == 0) {
                continue;
            }
            try (RecordReader reader = session.openRecordReader(0, count)) {
                for (Record record = reader.read(); record != null; record = reader.read()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    Column[] columns = record.getColumns();
                    for (int i = 0; i < columns.length; i++) {
                        Object value = record.get(i);
                        if (value instanceof byte[] bytes && columns[i].getTypeInfo().getOdpsType() == OdpsType.STRING) {
                            value = new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
                        } else if (value != null && columns[i].getTypeInfo().getOdpsType() == OdpsType.JSON) {
                            value = value.toString();
                        }
                        row.put(columns[i].getName(), value);
                    }
                    row.put("pt", partition.getPartitionSpec().get("pt"));
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    long count(String table) throws Exception {
        long total = 0;
        for (Partition partition : odps.tables().get(PROJECT, table).getPartitions()) {
            total += tunnel.createDownloadSession(PROJECT, table, partition.getPartitionSpec()).getRecordCount();
        }
        return total;
    }

    private boolean closed;

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            emulator.close();
        }
    }
}
