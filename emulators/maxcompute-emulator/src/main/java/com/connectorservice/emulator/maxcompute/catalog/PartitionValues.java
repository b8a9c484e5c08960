package com.connectorservice.emulator.maxcompute.catalog;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.connectorservice.emulator.maxcompute.ServiceException;

/**
 * One partition's values in the table's partition column order, e.g. {@code pt=11-17-2020 14}. Parses the
 * forms clients send: {@code pt='v'}, {@code pt=v}, {@code a=1,b=2} or {@code a=1/b=2}.
 */
public final class PartitionValues {

    /** The single "partition" of a table without partition columns. */
    public static final PartitionValues NONE = new PartitionValues(new LinkedHashMap<>());

    private final LinkedHashMap<String, String> values;

    private PartitionValues(LinkedHashMap<String, String> values) {
        this.values = values;
    }

    public static PartitionValues of(Map<String, String> valuesByColumn, List<Column> partitionColumns) {
        LinkedHashMap<String, String> lower = new LinkedHashMap<>();
        valuesByColumn.forEach((k, v) -> lower.put(k.toLowerCase(Locale.ROOT), v));
        LinkedHashMap<String, String> ordered = new LinkedHashMap<>();
        for (Column column : partitionColumns) {
            String value = lower.remove(column.name());
            if (value == null) {
                throw ServiceException.badRequest("InvalidPartitionSpec",
                        "partition spec " + valuesByColumn + " misses partition column '" + column.name() + "'");
            }
            if (value.isEmpty()) {
                throw ServiceException.badRequest("InvalidPartitionSpec",
                        "partition column '" + column.name() + "' must not be empty");
            }
            ordered.put(column.name(), value);
        }
        if (!lower.isEmpty()) {
            throw ServiceException.badRequest("InvalidPartitionSpec",
                    "partition spec names unknown partition column(s) " + lower.keySet());
        }
        return new PartitionValues(ordered);
    }

    /** Parses a spec string as the SDK sends it in {@code partition=} parameters. */
    public static PartitionValues parse(String spec, List<Column> partitionColumns) {
        if (spec == null || spec.isBlank()) {
            if (partitionColumns.isEmpty()) {
                return NONE;
            }
            throw ServiceException.badRequest("MissingPartitionSpec",
                    "table is partitioned by " + names(partitionColumns) + ": a partition spec is required");
        }
        if (partitionColumns.isEmpty()) {
            throw ServiceException.badRequest("InvalidPartitionSpec",
                    "table is not partitioned, but partition spec '" + spec + "' was given");
        }
        LinkedHashMap<String, String> parsed = new LinkedHashMap<>();
        for (String group : spec.split("[,/]")) {
            int eq = group.indexOf('=');
            if (eq <= 0) {
                throw ServiceException.badRequest("InvalidPartitionSpec",
                        "invalid partition spec '" + spec + "': expected key=value");
            }
            String value = group.substring(eq + 1).trim();
            if (value.length() >= 2 && (value.startsWith("'") && value.endsWith("'")
                    || value.startsWith("\"") && value.endsWith("\""))) {
                value = value.substring(1, value.length() - 1);
            }
            parsed.put(group.substring(0, eq).trim(), value);
        }
        return of(parsed, partitionColumns);
    }

    private static List<String> names(List<Column> columns) {
        List<String> names = new ArrayList<>();
        columns.forEach(c -> names.add(c.name()));
        return names;
    }

    public boolean isNone() {
        return values.isEmpty();
    }

    public String get(String column) {
        return values.get(column.toLowerCase(Locale.ROOT));
    }

    public Map<String, String> asMap() {
        return new LinkedHashMap<>(values);
    }

    /** {@code pt=11-17-2020 14,dt=x}: the form of SHOW PARTITIONS and of the SDK's unquoted specs. */
    public String spec() {
        return spec("=", ",", "");
    }

    /** {@code pt='11-17-2020 14'}: the form of PartitionSpec.toString(). */
    public String quotedSpec() {
        return spec("=", ",", "'");
    }

    private String spec(String eq, String delimiter, String quote) {
        StringBuilder sb = new StringBuilder();
        values.forEach((k, v) -> {
            if (sb.length() > 0) {
                sb.append(delimiter);
            }
            sb.append(k).append(eq).append(quote).append(v).append(quote);
        });
        return sb.toString();
    }

    /** A file-system-safe directory name, reversible with {@link #fromDirectoryName}. */
    public String directoryName() {
        if (isNone()) {
            return "_all";
        }
        return URLEncoder.encode(spec(), StandardCharsets.UTF_8).replace("*", "%2A");
    }

    public static PartitionValues fromDirectoryName(String name, List<Column> partitionColumns) {
        if (name.equals("_all")) {
            return NONE;
        }
        return parse(URLDecoder.decode(name, StandardCharsets.UTF_8), partitionColumns);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PartitionValues other && values.equals(other.values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return spec();
    }
}
