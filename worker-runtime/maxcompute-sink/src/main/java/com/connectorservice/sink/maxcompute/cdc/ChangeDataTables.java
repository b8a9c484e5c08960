package com.connectorservice.sink.maxcompute.cdc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.kafka.connect.errors.ConnectException;

import com.aliyun.odps.Column;
import com.aliyun.odps.Instance;
import com.aliyun.odps.NoSuchObjectException;
import com.aliyun.odps.Odps;
import com.aliyun.odps.OdpsException;
import com.aliyun.odps.Table;
import com.aliyun.odps.task.SQLTask;
import com.connectorservice.sink.maxcompute.BadRecordException;
import com.connectorservice.sink.maxcompute.cdc.ChangeEvent.Cell;

/**
 * The destination tables of change data, as seed 004 manages them: a missing table is created from the first change
 * event (a Delta table, with the record key's columns as primary key and {@code buckets} buckets, when the source
 * table has a key; an append table otherwise), and a table follows the source's schema changes before the rows that
 * need them: a new column is added at the end, a column whose type widened (e.g. INT to BIGINT) is changed to the
 * wider type. A narrower type is written as the table's; anything else is an incompatible change, reported on the
 * record naming the column and both types.
 */
final class ChangeDataTables {

    /** A destination table as this task last saw or made it. */
    record Shape(String name, boolean delta, List<String> primaryKey, List<String> columns, List<String> types) {
        int indexOf(String column) {
            return columns.indexOf(column);
        }
    }

    private static final List<String> INTEGERS = List.of("tinyint", "smallint", "int", "bigint");

    private final Odps odps;
    private final String project;
    private final String schema;
    private final boolean autoCreate;
    private final int buckets;
    private final Map<String, Shape> shapes = new ConcurrentHashMap<>();

    ChangeDataTables(Odps odps, String project, String schema, boolean autoCreate, int buckets) {
        this.odps = odps;
        this.project = project;
        this.schema = schema;
        this.autoCreate = autoCreate;
        this.buckets = buckets;
    }

    /** The table {@code name} with every column of {@code event}, created or altered as needed. */
    synchronized Shape prepare(String name, ChangeEvent event) {
        Shape shape = shapes.computeIfAbsent(name, this::load);
        if (shape == null || shape.columns().isEmpty()) {
            shapes.remove(name);
            if (!autoCreate) {
                throw new ConnectException("Table " + qualified(name) + " does not exist and auto_create_table is"
                        + " false: create it (a Delta table for a source table with a primary key) or enable"
                        + " auto_create_table");
            }
            create(name, event);
            shape = load(name);
            shapes.put(name, shape);
        }
        if (shape.delta() && !event.primaryKey().isEmpty() && !shape.primaryKey().equals(event.primaryKey())) {
            throw new BadRecordException("the record key's fields " + event.primaryKey() + " do not match the primary key "
                    + shape.primaryKey() + " of table " + qualified(name));
        }
        if (shape.delta() && event.primaryKey().isEmpty()) {
            throw new BadRecordException("the record has no key but table " + qualified(name)
                    + " is a Delta table with primary key " + shape.primaryKey());
        }
        List<String> added = new ArrayList<>();
        List<String[]> widened = new ArrayList<>();
        for (Map.Entry<String, Cell> cell : event.row().entrySet()) {
            String type = cell.getValue().type();
            int index = shape.indexOf(cell.getKey());
            if (index < 0) {
                added.add(quote(cell.getKey()) + " " + (type == null ? "string" : type));
            } else if (type != null && !type.equals(shape.types().get(index))) {
                String current = shape.types().get(index);
                if (widens(type, current)) {
                    continue;
                }
                if (!widens(current, type)) {
                    throw new BadRecordException("column '" + cell.getKey() + "' of table " + qualified(name) + " is "
                            + current.toUpperCase(Locale.ROOT) + " but the change event has "
                            + type.toUpperCase(Locale.ROOT) + ": not a compatible type change");
                }
                widened.add(new String[] {cell.getKey(), type});
            }
        }
        if (added.isEmpty() && widened.isEmpty()) {
            return shape;
        }
        if (!added.isEmpty()) {
            run("ALTER TABLE " + qualified(name) + " ADD COLUMNS (" + String.join(", ", added) + ");");
        }
        for (String[] change : widened) {
            run("ALTER TABLE " + qualified(name) + " CHANGE COLUMN " + quote(change[0]) + " " + quote(change[0]) + " "
                    + change[1] + ";");
        }
        shape = load(name);
        shapes.put(name, shape);
        return shape;
    }

    /** The table as last prepared. */
    Shape current(String name) {
        return shapes.get(name);
    }

    /** Whether a value of type {@code from} may be written to a column of type {@code to} as it is (widened). */
    static boolean widens(String from, String to) {
        if (from.equals(to)) {
            return true;
        }
        if (INTEGERS.contains(from) && INTEGERS.contains(to)) {
            return INTEGERS.indexOf(from) < INTEGERS.indexOf(to);
        }
        if (from.equals("float") && to.equals("double")) {
            return true;
        }
        return from.startsWith("decimal") && to.startsWith("decimal") && decimalFits(from, to);
    }

    private static boolean decimalFits(String from, String to) {
        int[] f = precisionScale(from);
        int[] t = precisionScale(to);
        return t[1] >= f[1] && t[0] - t[1] >= f[0] - f[1];
    }

    private static int[] precisionScale(String decimal) {
        int open = decimal.indexOf('(');
        if (open < 0) {
            return new int[] {38, 18};
        }
        String[] parts = decimal.substring(open + 1, decimal.indexOf(')')).split(",");
        return new int[] {Integer.parseInt(parts[0].trim()), parts.length > 1 ? Integer.parseInt(parts[1].trim()) : 0};
    }

    private void create(String name, ChangeEvent event) {
        List<String> columns = new ArrayList<>();
        for (Map.Entry<String, Cell> cell : event.row().entrySet()) {
            String type = cell.getValue().type() == null ? "string" : cell.getValue().type();
            columns.add(quote(cell.getKey()) + " " + type + (event.primaryKey().contains(cell.getKey()) ? " NOT NULL" : ""));
        }
        StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS ").append(qualified(name)).append(" (")
                .append(String.join(", ", columns));
        if (!event.primaryKey().isEmpty()) {
            sql.append(", PRIMARY KEY (").append(String.join(", ", event.primaryKey().stream().map(ChangeDataTables::quote)
                    .toList())).append(")) TBLPROPERTIES (\"transactional\"=\"true\", \"write.bucket.num\"=\"")
                    .append(buckets).append("\")");
        } else {
            sql.append(")");
        }
        run(sql.append(";").toString());
    }

    private Shape load(String name) {
        try {
            Table table = odps.tables().get(project, schema, name);
            table.reload();
            List<String> columns = new ArrayList<>();
            List<String> types = new ArrayList<>();
            for (Column column : table.getSchema().getColumns()) {
                columns.add(column.getName().toLowerCase(Locale.ROOT));
                types.add(column.getTypeInfo().getTypeName().toLowerCase(Locale.ROOT).replace(" ", "").replace("`", ""));
            }
            List<String> key = table.getPrimaryKey() == null ? List.of()
                    : table.getPrimaryKey().stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
            return new Shape(name, table.isTransactional() && !key.isEmpty(), key, columns, types);
        } catch (NoSuchObjectException e) {
            return new Shape(name, false, List.of(), List.of(), List.of());
        } catch (OdpsException e) {
            throw new ConnectException("Cannot read table " + qualified(name) + ": " + e.getMessage(), e);
        }
    }

    private void run(String sql) {
        try {
            Instance instance = SQLTask.run(odps, project, sql, "SQLChangeDataTask",
                    schema == null ? null : Map.of("odps.namespace.schema", "true", "odps.default.schema", schema), null);
            instance.waitForSuccess();
        } catch (OdpsException e) {
            throw new ConnectException("MaxCompute refused " + sql + ": " + e.getMessage(), e);
        }
    }

    String qualified(String name) {
        return project + "." + (schema == null ? "" : schema + ".") + name;
    }

    private static String quote(String name) {
        return "`" + name.replace("`", "") + "`";
    }
}
