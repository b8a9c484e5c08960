package com.connectorservice.controlplane.destination.maxcompute;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.aliyun.odps.Column;
import com.aliyun.odps.Odps;
import com.aliyun.odps.OdpsException;
import com.aliyun.odps.Partition;
import com.aliyun.odps.PartitionSpec;
import com.aliyun.odps.Table;
import com.aliyun.odps.TableFilter;
import com.aliyun.odps.TableSchema;
import com.aliyun.odps.data.Record;
import com.aliyun.odps.data.RecordReader;
import com.aliyun.odps.tunnel.TableTunnel;
import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec;
import com.connectorservice.controlplane.api.ApiException;
import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.controlplane.preview.DestinationPreview;
import com.connectorservice.controlplane.preview.PreviewFailures;

/** Partitions (newest first) and rows of one partition, through odps-sdk-core's metadata API and download tunnel. */
final class MaxComputePreview {

    static final int MAX_PARTITIONS = 100;
    static final int MAX_TABLES = 100;
    private static final Pattern PLACEHOLDER = Pattern.compile(Pattern.quote(MaxComputeSinkSpec.TABLE_PLACEHOLDER) + "|"
            + Pattern.quote(MaxComputeSinkSpec.SCHEMA_PLACEHOLDER) + "|" + Pattern.quote(MaxComputeSinkSpec.DATABASE_PLACEHOLDER));
    private static final int CONNECT_TIMEOUT_SECONDS = MaxComputeClient.CONNECT_TIMEOUT_SECONDS;
    private static final int READ_TIMEOUT_SECONDS = MaxComputeClient.READ_TIMEOUT_SECONDS;
    private static final String SERVICE = "MaxCompute";

    private MaxComputePreview() {
    }

    /**
     * The connector's table, or with change data routed per source table ({@code table} holding {@code {table}},
     * {@code {schema}} or {@code {db}}) one of the tables it routed to: {@code table} chosen, else the first by name.
     */
    static DestinationPreview read(MaxComputeDestination destination, DestinationAuth.AccessKey key, String table,
            String partition, int limit) {
        if (!MaxComputeSinkSpec.holdsPlaceholders(destination.table())) {
            if (table != null) {
                throw ApiException.badRequest("table", "preview.table.single", "the connector writes only table "
                        + destination.table() + "; table chooses among the tables of change data routed per source table");
            }
            return readTable(destination, key, destination.table(), partition, limit);
        }
        List<String> routed;
        try {
            routed = routedTables(MaxComputeClient.odps(destination, key), destination);
        } catch (RuntimeException e) {
            throw failure(e, destination);
        }
        if (routed.isEmpty()) {
            return new DestinationPreview(List.of(), List.of(), null, null, routed);
        }
        String shown = table == null ? routed.get(0) : table.toLowerCase(Locale.ROOT);
        if (!routed.contains(shown)) {
            throw ApiException.notFound("table", "preview.table.routed", "table " + table + " is not among the tables"
                    + " the connector routes to (" + destination.table() + "): " + routed);
        }
        return readTable(destination, key, shown, partition, limit).routed(shown, routed);
    }

    /**
     * The existing tables whose names the template yields, in name order (at most {@value #MAX_TABLES}): the sink names
     * a routed table by the template with each placeholder replaced, lower case, other characters as '_'.
     */
    static List<String> routedTables(Odps odps, MaxComputeDestination destination) {
        String template = destination.table().toLowerCase(Locale.ROOT);
        StringBuilder regex = new StringBuilder();
        Matcher placeholder = PLACEHOLDER.matcher(template);
        int literal = 0;
        while (placeholder.find()) {
            regex.append(Pattern.quote(template.substring(literal, placeholder.start()))).append("[a-z0-9_]*");
            literal = placeholder.end();
        }
        regex.append(Pattern.quote(template.substring(literal)));
        Pattern names = Pattern.compile(regex.toString());
        TableFilter filter = new TableFilter();
        String prefix = template.substring(0, template.indexOf('{'));
        if (!prefix.isEmpty()) {
            filter.setName(prefix);
        }
        List<String> routed = new ArrayList<>();
        Iterator<Table> tables = destination.schema() == null || destination.schema().isBlank()
                ? odps.tables().iterator(destination.project(), filter, false)
                : odps.tables().iterator(destination.project(), destination.schema(), filter, false);
        while (tables.hasNext() && routed.size() < MAX_TABLES) {
            String name = tables.next().getName().toLowerCase(Locale.ROOT);
            if (names.matcher(name).matches()) {
                routed.add(name);
            }
        }
        routed.sort(Comparator.naturalOrder());
        return routed;
    }

    private static DestinationPreview readTable(MaxComputeDestination destination, DestinationAuth.AccessKey key,
            String tableName, String partition, int limit) {
        Odps odps = MaxComputeClient.odps(destination, key);
        try {
            Table table = destination.schema() == null || destination.schema().isBlank()
                    ? odps.tables().get(destination.project(), tableName)
                    : odps.tables().get(destination.project(), destination.schema(), tableName);
            table.reload();
            TableSchema schema = table.getSchema();
            List<String> columns = new ArrayList<>();
            schema.getColumns().forEach(column -> columns.add(column.getName()));
            schema.getPartitionColumns().forEach(column -> columns.add(column.getName()));
            TableTunnel tunnel = new TableTunnel(odps);
            // the tunnel's own client otherwise waits minutes (180 s connect, 300 s read, 4 retries)
            tunnel.getConfig().setSocketConnectTimeout(CONNECT_TIMEOUT_SECONDS);
            tunnel.getConfig().setSocketTimeout(READ_TIMEOUT_SECONDS);
            tunnel.getConfig().setSocketRetryTimes(0);
            if (destination.tunnelEndpoint() != null && !destination.tunnelEndpoint().isBlank()) {
                tunnel.setEndpoint(destination.tunnelEndpoint());
            }
            if (!table.isPartitioned()) {
                if (partition != null) {
                    throw ApiException.badRequest("partition", "preview.partition.unpartitioned",
                            "table " + tableName + " is not partitioned");
                }
                // a Delta table's download session reads its current rows: the latest row of each key
                return new DestinationPreview(columns,
                        rows(tunnel.createDownloadSession(destination.project(), tableName), null, limit), null);
            }
            List<String> partitions = newestFirst(table.getPartitions().stream().map(Partition::getPartitionSpec).toList());
            if (partitions.isEmpty()) {
                return new DestinationPreview(columns, List.of(), partitions);
            }
            PartitionSpec chosen = chosen(partition, partitions);
            return new DestinationPreview(columns,
                    rows(tunnel.createDownloadSession(destination.project(), tableName, chosen), chosen, limit),
                    partitions);
        } catch (OdpsException | IOException | RuntimeException e) {
            throw failure(e, destination, tableName);
        }
    }

    /** Partition values written by the connector are date-times, so the largest spec is the newest. */
    private static List<String> newestFirst(List<PartitionSpec> specs) {
        return specs.stream().map(spec -> spec.toString(false, false)).sorted(Comparator.reverseOrder())
                .limit(MAX_PARTITIONS).toList();
    }

    private static PartitionSpec chosen(String partition, List<String> newestFirst) {
        if (partition == null || partition.isBlank()) {
            return new PartitionSpec(newestFirst.get(0));
        }
        PartitionSpec requested;
        try {
            requested = new PartitionSpec(partition);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("partition", "preview.partition.format",
                    "partition must read like pt=2026-11-21 12 (column=value, several joined by ','): " + partition);
        }
        String spec = requested.toString(false, false);
        if (!newestFirst.contains(spec)) {
            throw ApiException.notFound("partition", "preview.partition.exists", "partition " + spec
                    + " is not among the table's " + MAX_PARTITIONS + " newest partitions");
        }
        return requested;
    }

    private static List<List<Object>> rows(TableTunnel.DownloadSession session, PartitionSpec partition, int limit)
            throws IOException {
        long count = Math.min(session.getRecordCount(), limit);
        List<List<Object>> rows = new ArrayList<>();
        if (count == 0) {
            return rows;
        }
        try (RecordReader reader = session.openRecordReader(0, count)) {
            for (Record record = reader.read(); record != null; record = reader.read()) {
                List<Object> row = new ArrayList<>();
                Column[] columns = record.getColumns();
                for (int i = 0; i < columns.length; i++) {
                    row.add(plain(record.get(i)));
                }
                if (partition != null) {
                    partition.keys().forEach(column -> row.add(partition.get(column)));
                }
                rows.add(row);
            }
        } catch (com.aliyun.odps.tunnel.TunnelException e) {
            throw new IOException(e);
        }
        return rows;
    }

    /** JSON-friendly values: the tunnel hands STRING columns over as bytes and dates as java.time objects. */
    private static Object plain(Object value) {
        if (value == null || value instanceof Number || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        if (value instanceof com.aliyun.odps.data.Binary binary) {
            // base64, as Tablestore's BINARY columns: the SDK's toString is quoted-printable
            return java.util.Base64.getEncoder().encodeToString(binary.data());
        }
        return value.toString();
    }

    private static ApiException failure(Exception e, MaxComputeDestination destination) {
        return failure(e, destination, destination.table());
    }

    private static ApiException failure(Exception e, MaxComputeDestination destination, String tableName) {
        if (e instanceof ApiException api) {
            return api;
        }
        OdpsException odps = coded(e);
        String code = odps == null ? null : odps.getErrorCode();
        if (code != null && (code.contains("NoSuchObject") || code.contains("NoSuchTable")
                || code.contains("NoSuchPartition") || code.contains("TableNotExist"))) {
            return PreviewFailures.tableMissing("destination.table", "table " + destination.project() + "."
                    + tableName + " does not exist (yet): " + odps.getMessage());
        }
        if (code != null && (code.contains("Auth") || code.contains("AccessDenied") || code.contains("Signature")
                || code.contains("AccessKey") || code.contains("NoPermission"))) {
            return PreviewFailures.authRefused(SERVICE, code);
        }
        IOException io = cause(e, IOException.class);
        if (io != null || code == null) {
            Throwable root = io != null ? io : e;
            return PreviewFailures.unreachable(SERVICE, destination.endpoint(), root.getClass().getSimpleName()
                    + (root.getMessage() == null ? "" : ": " + root.getMessage()));
        }
        return PreviewFailures.unreachable(SERVICE, destination.endpoint(), code + ": " + odps.getMessage());
    }

    /** The SDK wraps the service's answer (which carries the error code) in exceptions of its own. */
    private static OdpsException coded(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OdpsException odps && odps.getErrorCode() != null) {
                return odps;
            }
        }
        return null;
    }

    private static <T extends Throwable> T cause(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
