package com.connectorservice.emulator.maxcompute.sql;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

import com.connectorservice.emulator.maxcompute.catalog.Column;
import com.connectorservice.emulator.maxcompute.catalog.ColumnType;
import com.connectorservice.emulator.maxcompute.catalog.Partition;
import com.connectorservice.emulator.maxcompute.catalog.Table;

/** {@code DESC t} as MaxCompute's console prints it: a framed text with the table's facts and columns. */
final class Describe {

    private static final int WIDTH = 84;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private Describe() {
    }

    static SqlResult of(Table table, ZoneId zone) {
        long size = 0;
        long modified = table.definition().createdAtMillis();
        for (Partition partition : table.partitions()) {
            size += partition.sizeBytes();
            modified = Math.max(modified, partition.lastModifiedMillis());
        }
        String created = TIME.format(Instant.ofEpochMilli(table.definition().createdAtMillis()).atZone(zone));
        StringBuilder text = new StringBuilder();
        String rule = "+" + "-".repeat(WIDTH) + "+\n";
        text.append(rule);
        line(text, "Owner:                    ALIYUN$emulator");
        line(text, "Project:                  " + table.project());
        line(text, "TableComment:             " + table.definition().comment());
        text.append(rule);
        line(text, "CreateTime:               " + created);
        line(text, "LastDDLTime:              " + created);
        line(text, "LastModifiedTime:         " + TIME.format(Instant.ofEpochMilli(modified).atZone(zone)));
        text.append(rule);
        line(text, "InternalTable: YES      | Size: " + size);
        text.append(rule);
        line(text, "Native Columns:");
        text.append(rule);
        line(text, String.format("%-15s | %-10s | %-5s | %s", "Field", "Type", "Label", "Comment"));
        text.append(rule);
        List<Object[]> rows = new ArrayList<>();
        for (Column column : table.columns()) {
            line(text, String.format("%-15s | %-10s | %-5s | %s", column.name(), column.declaredType(), "",
                    column.comment()));
            rows.add(new Object[] {column.name(), column.declaredType(), column.comment(), false});
        }
        text.append(rule);
        if (table.isPartitioned()) {
            line(text, "Partition Columns:");
            text.append(rule);
            for (Column column : table.partitionColumns()) {
                line(text, String.format("%-15s | %-10s | %s", column.name(), column.declaredType(), column.comment()));
                rows.add(new Object[] {column.name(), column.declaredType(), column.comment(), true});
            }
            text.append(rule);
        }
        return new SqlResult(List.of("name", "type", "comment", "partition"),
                List.of(ColumnType.STRING, ColumnType.STRING, ColumnType.STRING, ColumnType.BOOLEAN), rows,
                text.toString());
    }

    private static void line(StringBuilder text, String content) {
        text.append("| ").append(String.format("%-" + (WIDTH - 1) + "s", content)).append("|\n");
    }
}
