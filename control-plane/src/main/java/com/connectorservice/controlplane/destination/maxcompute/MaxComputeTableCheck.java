package com.connectorservice.controlplane.destination.maxcompute;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.aliyun.odps.Column;
import com.aliyun.odps.NoSuchObjectException;
import com.aliyun.odps.OdpsException;
import com.aliyun.odps.OdpsType;
import com.aliyun.odps.Table;
import com.aliyun.odps.TableSchema;
import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec.Format;
import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec.Mode;
import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.controlplane.connector.validation.Violations;

/**
 * Before deploy: the MaxCompute table read with the connector's AccessKey and compared with what the sink writes for
 * the chosen format and mode (the sink's {@code RowConverter} refuses the same shapes when a task starts). A missing
 * table is an error with the DDL to copy, unless the sink creates it (format DEBEZIUM_JSON with auto-create); refused
 * credentials are an error at the AccessKey; an endpoint the control plane cannot reach is a warning (the workers may
 * reach a VPC endpoint the control plane cannot).
 */
final class MaxComputeTableCheck {

    private static final Set<String> FIXED = Set.of("topic", "partition", "offset", "inserttime");

    private MaxComputeTableCheck() {
    }

    static void check(MaxComputeDestination d, Violations v) {
        if (!(d.auth() instanceof DestinationAuth.AccessKey key) || createdBySink(d) || d.table().contains("{")) {
            return;
        }
        try {
            Table table = blank(d.schema()) ? MaxComputeClient.odps(d, key).tables().get(d.project(), d.table())
                    : MaxComputeClient.odps(d, key).tables().get(d.project(), d.schema(), d.table());
            table.reload();
            shape(d, table.getSchema(), v);
        } catch (OdpsException | RuntimeException e) {
            // the SDK wraps what reload() meets in a ReloadException: the OdpsException under it says what happened
            OdpsException odps = odpsCause(e);
            if (odps instanceof NoSuchObjectException || (odps != null && odps.getStatus() != null && odps.getStatus() == 404)) {
                missing(d, v, odps);
            } else if (odps != null && refusedCredentials(odps)) {
                refused(d, v, odps);
            } else if (odps != null && odps.getStatus() != null) {
                v.warning("destination.table", "unchecked", "MaxCompute answered " + odps.getStatus() + " when asked for"
                        + " table '" + qualified(d) + "', so it was not checked: " + odps.getMessage());
            } else {
                unreachable(d, v, e);
            }
        }
    }

    static OdpsException odpsCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof OdpsException odps) {
                return odps;
            }
        }
        return null;
    }

    /** 401/403, or MaxCompute's authentication and authorization codes (ODPS-041xxxx, ODPS-042xxxx). */
    static boolean refusedCredentials(OdpsException e) {
        Integer status = e.getStatus();
        String text = e.getErrorCode() + " " + e.getMessage();
        return (status != null && (status == 401 || status == 403)) || text.contains("ODPS-041")
                || text.contains("ODPS-042") || text.contains("AccessDenied") || text.contains("InvalidAccessKeyId");
    }

    /** Seed 004: change data goes into tables the sink creates from the events' schema. */
    private static boolean createdBySink(MaxComputeDestination d) {
        return d.format() == Format.DEBEZIUM_JSON
                && (d.changeData() == null || !Boolean.FALSE.equals(d.changeData().autoCreateTable()));
    }

    private static void missing(MaxComputeDestination d, Violations v, OdpsException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        if (message.contains("project") && !message.contains("table")) {
            v.error("destination.project", "exists", "project '" + d.project() + "' does not exist at " + d.endpoint()
                    + " (or this AccessKey cannot see it): check the project name and the endpoint's region");
            return;
        }
        v.error("destination.table", "exists", "table '" + qualified(d) + "' does not exist: create it with the"
                + " statement below (run it in MaxCompute, e.g. DataWorks or odpscmd) before you create the connector"
                + (d.format() == Format.CSV || d.format() == Format.FLATTEN
                        ? "; replace the example columns with the ones your records' fields fill, in order" : ""),
                ddl(d));
    }

    private static void refused(MaxComputeDestination d, Violations v, OdpsException e) {
        v.error("destination.auth.accessKeyId", "refused", "MaxCompute at " + d.endpoint() + " refused this AccessKey"
                + " when asked for table '" + qualified(d) + "' (" + e.getMessage() + "): check the AccessKey id and"
                + " secret, and that the account may Describe the table");
    }

    private static void unreachable(MaxComputeDestination d, Violations v, Exception e) {
        v.warning("destination.endpoint", "unreachable", "the control plane cannot reach " + d.endpoint() + " ("
                + e.getMessage() + "), so the table was not checked; if the workers cannot reach it either, the"
                + " connector will fail: check the endpoint's region and network (public, VPC or classic)");
    }

    /** The columns the sink fills for this format and mode, as RowConverter requires them. */
    private static void shape(MaxComputeDestination d, TableSchema schema, Violations v) {
        List<String> problems = new ArrayList<>();
        List<Column> partitions = schema.getPartitionColumns();
        Column pt = partitions.stream().filter(c -> c.getName().equalsIgnoreCase("pt")).findFirst().orElse(null);
        if (pt == null || partitions.size() != 1) {
            problems.add("it must be partitioned by exactly one column, pt STRING (it has " + names(partitions) + ")");
        } else if (pt.getTypeInfo().getOdpsType() != OdpsType.STRING) {
            problems.add("its partition column pt must be STRING, not " + pt.getTypeInfo().getTypeName());
        }
        Map<String, Column> columns = new TreeMap<>();
        schema.getColumns().forEach(c -> columns.put(c.getName().toLowerCase(Locale.ROOT), c));
        require(columns, "topic", Set.of(OdpsType.STRING), problems);
        require(columns, "partition", Set.of(OdpsType.BIGINT), problems);
        require(columns, "offset", Set.of(OdpsType.BIGINT), problems);
        switch (d.format()) {
            case CSV, FLATTEN -> {
                if (columns.keySet().stream().allMatch(FIXED::contains)) {
                    problems.add("format " + d.format() + " needs at least one column besides topic, partition and offset");
                }
            }
            case DEBEZIUM_JSON -> {
                // auto-create off: the sink maps the events' columns itself
            }
            default -> {
                Set<OdpsType> allowed = switch (d.format()) {
                    case TEXT -> Set.of(OdpsType.STRING);
                    case BINARY -> Set.of(OdpsType.BINARY, OdpsType.STRING);
                    default -> Set.of(OdpsType.STRING, OdpsType.JSON);
                };
                if (d.mode() != Mode.VALUE) {
                    require(columns, "key", allowed, problems);
                }
                if (d.mode() != Mode.KEY) {
                    require(columns, "value", allowed, problems);
                }
            }
        }
        if (!problems.isEmpty()) {
            v.error("destination.table", "columns", "table '" + qualified(d) + "' does not fit format " + d.format()
                    + " with mode " + d.mode() + ": " + String.join("; ", problems) + ". A table that fits:", ddl(d));
        }
    }

    private static void require(Map<String, Column> columns, String name, Set<OdpsType> allowed, List<String> problems) {
        Column column = columns.get(name);
        if (column == null) {
            problems.add("column " + name + " " + allowed.iterator().next() + " is missing");
        } else if (!allowed.contains(column.getTypeInfo().getOdpsType())) {
            problems.add("column " + name + " is " + column.getTypeInfo().getTypeName() + ", it must be one of " + allowed);
        }
    }

    /** The CREATE TABLE a user can copy: seed 001's shapes for each format and mode. */
    static String ddl(MaxComputeDestination d) {
        String type = switch (d.format()) {
            case BINARY -> "BINARY";
            default -> "STRING";
        };
        String own = switch (d.format()) {
            case CSV -> "id BIGINT, name STRING";
            case FLATTEN -> "id BIGINT, name STRING, extendinfo JSON";
            case JSON -> d.mode() == Mode.KEY ? "key JSON" : d.mode() == Mode.VALUE ? "value JSON" : "key STRING, value JSON";
            default -> d.mode() == Mode.KEY ? "key " + type : d.mode() == Mode.VALUE ? "value " + type
                    : "key " + type + ", value " + type;
        };
        String name = blank(d.schema()) ? d.table() : d.schema() + "." + d.table();
        return "CREATE TABLE IF NOT EXISTS " + name + " (topic STRING, `partition` BIGINT, `offset` BIGINT, " + own
                + ") PARTITIONED BY (pt STRING);";
    }

    private static String names(List<Column> columns) {
        return columns.isEmpty() ? "none" : String.join(", ", columns.stream().map(Column::getName).toList());
    }

    private static String qualified(MaxComputeDestination d) {
        return d.project() + "." + (blank(d.schema()) ? "" : d.schema() + ".") + d.table();
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
