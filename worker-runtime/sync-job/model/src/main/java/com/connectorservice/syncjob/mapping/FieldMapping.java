package com.connectorservice.syncjob.mapping;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.connectorservice.syncjob.InvalidSyncJobException;
import com.connectorservice.syncjob.Violation;

/**
 * The checked field mapping of a job (seed 002 "配置字段映射"): fields and columns may stay unmapped (unmapped
 * columns are written NULL), but one source field may not go to two columns and a column may not be filled
 * from two source fields. Column names compare case-insensitively, as MaxCompute's do.
 */
public final class FieldMapping {

    private final List<Entry> entries;

    /** A parsed line. */
    public record Entry(SourceField source, String column) {
    }

    private FieldMapping(List<Entry> entries) {
        this.entries = List.copyOf(entries);
    }

    /** The six Kafka fields into columns of the same names: the table "generate target table" creates. */
    public static List<ColumnMapping> defaultMapping() {
        return Arrays.stream(KafkaField.values()).map(f -> new ColumnMapping(f.fieldName(), f.fieldName())).toList();
    }

    /**
     * @throws InvalidSyncJobException every broken rule, fields named {@code mapping[i].source} / {@code mapping[i].column}
     */
    public static FieldMapping of(List<ColumnMapping> lines) {
        List<Violation> violations = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        if (lines == null || lines.isEmpty()) {
            throw new InvalidSyncJobException("mapping", "mapping.required",
                    "the field mapping needs at least one line {source, column}");
        }
        Map<String, Integer> sources = new LinkedHashMap<>();
        Map<String, Integer> columns = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            ColumnMapping line = lines.get(i);
            String at = "mapping[" + i + "]";
            if (line == null) {
                violations.add(new Violation(at, "mapping.line.required", at + " is empty"));
                continue;
            }
            SourceField source = null;
            try {
                source = SourceField.parse(line.source() == null ? null : line.source().trim());
            } catch (InvalidSyncJobException e) {
                violations.addAll(e.under(at + ".source").violations());
            }
            String column = line.column() == null ? "" : line.column().trim();
            if (!column.matches("[A-Za-z_][A-Za-z0-9_]{0,127}")) {
                violations.add(new Violation(at + ".column", column.isEmpty() ? "mapping.column.required" : "mapping.column.name",
                        column.isEmpty() ? "the target column is required" : "column '" + column
                                + "' is not a MaxCompute column name (letters, digits, _; not starting with a digit)"));
                column = null;
            }
            if (source != null) {
                Integer earlier = sources.putIfAbsent(source.text(), i);
                if (earlier != null) {
                    violations.add(new Violation(at + ".source", "mapping.source.duplicate", "source field '" + source.text()
                            + "' is mapped to two columns, '" + lines.get(earlier).column() + "' (mapping[" + earlier
                            + "]) and '" + line.column() + "': one source field may fill one column only"));
                }
            }
            if (column != null) {
                Integer earlier = columns.putIfAbsent(column.toLowerCase(Locale.ROOT), i);
                if (earlier != null) {
                    violations.add(new Violation(at + ".column", "mapping.column.duplicate", "column '" + column
                            + "' is filled from two source fields, '" + lines.get(earlier).source() + "' (mapping["
                            + earlier + "]) and '" + line.source() + "': a column takes one source field only"));
                }
            }
            if (source != null && column != null) {
                entries.add(new Entry(source, column));
            }
        }
        if (!violations.isEmpty()) {
            throw new InvalidSyncJobException(violations);
        }
        return new FieldMapping(entries);
    }

    public List<Entry> entries() {
        return entries;
    }

    /**
     * Checks the columns against the target table's columns (not its partition columns).
     *
     * @return violations {@code mapping[i].column} rule {@code mapping.column.unknown}
     */
    public List<Violation> unknownColumns(List<String> tableColumns) {
        List<String> known = tableColumns.stream().map(c -> c.toLowerCase(Locale.ROOT)).toList();
        List<Violation> violations = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            String column = entries.get(i).column();
            if (!known.contains(column.toLowerCase(Locale.ROOT))) {
                violations.add(new Violation("mapping[" + i + "].column", "mapping.column.unknown", "column '" + column
                        + "' is not a column of the target table (its columns: " + String.join(", ", tableColumns) + ")"));
            }
        }
        return violations;
    }
}
