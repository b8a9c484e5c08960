package com.connectorservice.emulator.maxcompute.sql;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.connectorservice.emulator.maxcompute.catalog.Column;
import com.connectorservice.emulator.maxcompute.catalog.ColumnType;

/**
 * What a statement produced: a table of values (SELECT, SHOW) rendered as the CSV the SDK parses, or a
 * message (DDL).
 */
public record SqlResult(List<String> columns, List<ColumnType> types, List<Object[]> rows, String message) {

    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS");

    public static SqlResult message(String message) {
        return new SqlResult(List.of(), List.of(), List.of(), message);
    }

    public boolean tabular() {
        return message == null;
    }

    /** The result's columns with their types (computed ones typed by value, e.g. count as BIGINT). */
    public List<Column> typedColumns() {
        List<Column> typed = new ArrayList<>();
        for (int i = 0; i < columns.size(); i++) {
            typed.add(new Column(columns.get(i), types.get(i).name(), ""));
        }
        return typed;
    }

    public List<Map<String, Object>> asMaps() {
        List<Map<String, Object>> maps = new ArrayList<>();
        for (Object[] row : rows) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                map.put(columns.get(i), row[i]);
            }
            maps.add(map);
        }
        return maps;
    }

    /** The instance result text: CSV with a header line for tables, the message otherwise. */
    public String render(ZoneId zone, int maxRows) {
        if (!tabular()) {
            return message;
        }
        StringBuilder sb = new StringBuilder();
        appendLine(sb, new ArrayList<>(columns));
        for (Object[] row : rows.subList(0, Math.min(rows.size(), maxRows))) {
            List<String> cells = new ArrayList<>();
            for (int i = 0; i < row.length; i++) {
                cells.add(format(row[i], types.get(i), zone));
            }
            appendLine(sb, cells);
        }
        return sb.toString();
    }

    /** A value as the service prints it: DATETIME to the second, TIMESTAMP to the nanosecond, NULL as \\N. */
    static String format(Object value, ColumnType type, ZoneId zone) {
        if (value == null) {
            return "\\N";
        }
        if (value instanceof Instant instant) {
            return (type == ColumnType.DATETIME ? DATETIME : TIMESTAMP).format(instant.atZone(zone));
        }
        if (value instanceof byte[] bytes) {
            StringBuilder sb = new StringBuilder();
            for (byte b : bytes) {
                if (b >= 0x20 && b < 0x7f && b != '\\') {
                    sb.append((char) b);
                } else {
                    sb.append(String.format("\\x%02x", b & 0xff));
                }
            }
            return sb.toString();
        }
        if (value instanceof BigDecimal decimal) {
            return decimal.toPlainString();
        }
        if (value instanceof java.time.LocalDateTime dateTime) {
            return TIMESTAMP.format(dateTime);
        }
        if (value instanceof List<?> list) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < list.size(); i++) {
                sb.append(i > 0 ? "," : "").append(list.get(i) == null ? "NULL" : format(list.get(i), null, zone));
            }
            return sb.append(']').toString();
        }
        if (value instanceof java.util.Map<?, ?> map) {
            StringBuilder sb = new StringBuilder("{");
            map.forEach((k, v) -> sb.append(sb.length() > 1 ? "," : "").append(format(k, null, zone)).append(':')
                    .append(v == null ? "NULL" : format(v, null, zone)));
            return sb.append('}').toString();
        }
        return String.valueOf(value);
    }

    private static void appendLine(StringBuilder sb, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            String cell = cells.get(i);
            if (cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0) {
                sb.append('"').append(cell.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(cell);
            }
        }
        sb.append('\n');
    }
}
