package com.connectorservice.emulator.maxcompute.sql;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.calcite.DataContext;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.linq4j.AbstractEnumerable;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.Linq4j;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ProjectableFilterableTable;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

import com.connectorservice.emulator.maxcompute.ServiceException;
import com.connectorservice.emulator.maxcompute.catalog.Column;
import com.connectorservice.emulator.maxcompute.catalog.ColumnType;
import com.connectorservice.emulator.maxcompute.catalog.DataStore;
import com.connectorservice.emulator.maxcompute.catalog.Partition;
import com.connectorservice.emulator.maxcompute.catalog.RowReader;
import com.connectorservice.emulator.maxcompute.catalog.Table;

/**
 * A stored table as Calcite sees it: its data columns, then its partition columns, read partition by partition from
 * the store. Calcite hands the query's filters to {@link #scan}: the conditions on partition columns alone choose the
 * partitions read (partition pruning), and a partitioned table scanned without any of them is refused unless
 * {@code odps.sql.allow.fullscan=true}, as MaxCompute does. Calcite still applies every filter to the rows.
 */
final class PartitionedTable extends AbstractTable implements ProjectableFilterableTable {

    private final Table table;
    private final DataStore store;
    private final ZoneId zone;
    private final boolean allowFullScan;
    private final Runnable checkAccess;

    /** {@code checkAccess} runs when a query names the table (Calcite asks for its columns). */
    PartitionedTable(Table table, DataStore store, ZoneId zone, boolean allowFullScan, Runnable checkAccess) {
        this.table = table;
        this.store = store;
        this.zone = zone;
        this.allowFullScan = allowFullScan;
        this.checkAccess = checkAccess;
    }

    static final java.time.format.DateTimeFormatter TIMESTAMP_TEXT =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSSSSS");

    /** The column at {@code ordinal} of the row type: data columns, then partition columns. */
    Column column(int ordinal) {
        return allColumns().get(ordinal);
    }

    private List<Column> allColumns() {
        List<Column> all = new ArrayList<>(table.columns());
        all.addAll(table.partitionColumns());
        return all;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory types) {
        checkAccess.run();
        RelDataTypeFactory.Builder row = types.builder();
        for (Column column : allColumns()) {
            row.add(column.name(), types.createTypeWithNullability(sqlType(types, column), true));
        }
        return row.build();
    }

    private static RelDataType sqlType(RelDataTypeFactory types, Column column) {
        return switch (column.type()) {
            // complex values are shown as text, as the console prints them
            case STRING, JSON, ARRAY, MAP, STRUCT -> types.createSqlType(SqlTypeName.VARCHAR);
            case BIGINT -> types.createSqlType(SqlTypeName.BIGINT);
            case INT -> types.createSqlType(SqlTypeName.INTEGER);
            case SMALLINT -> types.createSqlType(SqlTypeName.SMALLINT);
            case TINYINT -> types.createSqlType(SqlTypeName.TINYINT);
            case DOUBLE -> types.createSqlType(SqlTypeName.DOUBLE);
            case FLOAT -> types.createSqlType(SqlTypeName.REAL);
            case DATE -> types.createSqlType(SqlTypeName.DATE);
            case TIMESTAMP_NTZ -> types.createSqlType(SqlTypeName.VARCHAR);
            case BOOLEAN -> types.createSqlType(SqlTypeName.BOOLEAN);
            case DATETIME -> types.createSqlType(SqlTypeName.TIMESTAMP, 3);
            // Calcite's timestamps end at the millisecond; MaxCompute's have nanoseconds, kept as sortable text
            case TIMESTAMP -> types.createSqlType(SqlTypeName.VARCHAR);
            case DECIMAL -> decimal(types, column.declaredType());
            case BINARY -> types.createSqlType(SqlTypeName.VARBINARY);
        };
    }

    private static RelDataType decimal(RelDataTypeFactory types, String declared) {
        int open = declared.indexOf('(');
        if (open < 0) {
            return types.createSqlType(SqlTypeName.DECIMAL, 38, 18);
        }
        String[] arguments = declared.substring(open + 1, declared.indexOf(')')).split(",");
        int precision = Integer.parseInt(arguments[0].trim());
        int scale = arguments.length > 1 ? Integer.parseInt(arguments[1].trim()) : 0;
        return types.createSqlType(SqlTypeName.DECIMAL, precision, scale);
    }

    @Override
    public Enumerable<Object[]> scan(DataContext root, List<RexNode> filters, int[] projects) {
        List<Partition> partitions = prune(filters);
        List<Column> columns = table.columns();
        List<Column> partitionColumns = table.partitionColumns();
        int[] selected = projects != null ? projects : allIndexes(columns.size() + partitionColumns.size());
        return new AbstractEnumerable<>() {
            @Override
            public Enumerator<Object[]> enumerator() {
                java.util.Iterator<Partition> remaining = partitions.iterator();
                return Linq4j.iterableEnumerator(() -> new java.util.Iterator<Object[]>() {
                    private java.util.Iterator<Object[]> rows = java.util.Collections.emptyIterator();
                    private Object[] partitionValues;

                    @Override
                    public boolean hasNext() {
                        while (!rows.hasNext() && remaining.hasNext()) {
                            Partition partition = remaining.next();
                            partitionValues = new Object[partitionColumns.size()];
                            for (int i = 0; i < partitionValues.length; i++) {
                                partitionValues[i] = partition.values().get(partitionColumns.get(i).name());
                            }
                            rows = table.rows(partition);
                        }
                        return rows.hasNext();
                    }

                    @Override
                    public Object[] next() {
                        Object[] stored = rows.next();
                        Object[] row = new Object[selected.length];
                        for (int i = 0; i < selected.length; i++) {
                            int index = selected[i];
                            row[i] = index < columns.size() ? internal(stored[index], columns.get(index).type())
                                    : partitionValues[index - columns.size()];
                        }
                        return row;
                    }
                });
            }
        };
    }

    private static int[] allIndexes(int count) {
        int[] all = new int[count];
        for (int i = 0; i < count; i++) {
            all[i] = i;
        }
        return all;
    }

    /** A stored value in Calcite's representation: times as local wall-clock milliseconds, binaries as ByteString. */
    private Object internal(Object value, ColumnType type) {
        if (value == null) {
            return null;
        }
        if (value instanceof Instant instant) {
            return type == ColumnType.TIMESTAMP ? TIMESTAMP_TEXT.format(instant.atZone(zone))
                    : instant.atZone(zone).toLocalDateTime().toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        if (value instanceof byte[] bytes) {
            return new ByteString(bytes);
        }
        if (value instanceof java.time.LocalDate date) {
            return (int) date.toEpochDay();
        }
        if (value instanceof java.time.LocalDateTime dateTime) {
            return TIMESTAMP_TEXT.format(dateTime);
        }
        if (value instanceof java.util.List<?> || value instanceof java.util.Map<?, ?>) {
            return SqlResult.format(value, type, zone);
        }
        if (type == ColumnType.DECIMAL && !(value instanceof BigDecimal)) {
            return new BigDecimal(value.toString());
        }
        return value;
    }

    /** The partitions the filters on partition columns leave; every partition when none restricts them. */
    private List<Partition> prune(List<RexNode> filters) {
        if (!table.isPartitioned()) {
            return table.partitions();
        }
        int first = table.columns().size();
        List<RexNode> onPartitions = new ArrayList<>();
        for (RexNode filter : filters.stream().flatMap(f -> org.apache.calcite.plan.RelOptUtil.conjunctions(f)
                .stream()).toList()) {
            Set<Integer> used = org.apache.calcite.plan.RelOptUtil.InputFinder.bits(filter).asSet();
            if (!used.isEmpty() && used.stream().allMatch(index -> index >= first)) {
                onPartitions.add(filter);
            }
        }
        if (onPartitions.isEmpty() && !allowFullScan) {
            throw ServiceException.badRequest("SemanticError", "ODPS-0130071:[0,0] Semantic analysis exception - "
                    + "full scan with all partitions, please specify partition predicates of table "
                    + table.project() + "." + table.name() + " (or set " + SqlEngine.ALLOW_FULL_SCAN + "=true)");
        }
        List<Partition> kept = new ArrayList<>();
        for (Partition partition : table.partitions()) {
            boolean matches = true;
            for (RexNode filter : onPartitions) {
                Boolean result = evaluate(filter, partition.values().asMap());
                if (Boolean.FALSE.equals(result)) {
                    matches = false;
                    break;
                }
            }
            if (matches) {
                kept.add(partition);
            }
        }
        return kept;
    }

    /** Evaluates simple conditions on partition values; null when it cannot tell (then the partition is kept). */
    private Boolean evaluate(RexNode node, Map<String, String> values) {
        if (!(node instanceof RexCall call)) {
            return null;
        }
        SqlKind kind = call.getKind();
        switch (kind) {
            case AND -> {
                boolean unknown = false;
                for (RexNode operand : call.getOperands()) {
                    Boolean result = evaluate(operand, values);
                    if (Boolean.FALSE.equals(result)) {
                        return false;
                    }
                    unknown |= result == null;
                }
                return unknown ? null : true;
            }
            case OR -> {
                boolean unknown = false;
                for (RexNode operand : call.getOperands()) {
                    Boolean result = evaluate(operand, values);
                    if (Boolean.TRUE.equals(result)) {
                        return true;
                    }
                    unknown |= result == null;
                }
                return unknown ? null : false;
            }
            case EQUALS, NOT_EQUALS, LESS_THAN, LESS_THAN_OR_EQUAL, GREATER_THAN, GREATER_THAN_OR_EQUAL -> {
                String left = operand(call.getOperands().get(0), values);
                String right = operand(call.getOperands().get(1), values);
                if (left == null || right == null) {
                    return null;
                }
                int order = left.compareTo(right);
                return switch (kind) {
                    case EQUALS -> order == 0;
                    case NOT_EQUALS -> order != 0;
                    case LESS_THAN -> order < 0;
                    case LESS_THAN_OR_EQUAL -> order <= 0;
                    case GREATER_THAN -> order > 0;
                    default -> order >= 0;
                };
            }
            default -> {
                return null;
            }
        }
    }

    private String operand(RexNode node, Map<String, String> values) {
        if (node instanceof RexInputRef input) {
            int index = input.getIndex() - table.columns().size();
            return index >= 0 && index < table.partitionColumns().size()
                    ? values.get(table.partitionColumns().get(index).name()) : null;
        }
        if (node instanceof RexLiteral literal && SqlTypeName.CHAR_TYPES.contains(literal.getTypeName())) {
            return literal.getValueAs(String.class);
        }
        if (node instanceof RexCall cast && cast.getKind() == SqlKind.CAST) {
            return operand(cast.getOperands().get(0), values);
        }
        return null;
    }
}
