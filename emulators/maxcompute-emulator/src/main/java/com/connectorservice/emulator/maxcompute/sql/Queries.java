package com.connectorservice.emulator.maxcompute.sql;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.calcite.DataContext;
import org.apache.calcite.adapter.enumerable.EnumerableConvention;
import org.apache.calcite.adapter.enumerable.EnumerableInterpretable;
import org.apache.calcite.adapter.enumerable.EnumerableRel;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.avatica.util.ByteString;
import org.apache.calcite.config.Lex;
import org.apache.calcite.linq4j.Enumerable;
import org.apache.calcite.linq4j.Enumerator;
import org.apache.calcite.linq4j.QueryProvider;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.runtime.Bindable;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlLibrary;
import org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;
import org.apache.calcite.tools.Programs;

import com.connectorservice.emulator.maxcompute.ServiceException;
import com.connectorservice.emulator.maxcompute.auth.Authorizer;
import com.connectorservice.emulator.maxcompute.auth.Principal;
import com.connectorservice.emulator.maxcompute.catalog.Catalog;
import com.connectorservice.emulator.maxcompute.catalog.Column;
import com.connectorservice.emulator.maxcompute.catalog.ColumnType;
import com.connectorservice.emulator.maxcompute.catalog.Table;

/**
 * Queries ({@code SELECT}, {@code WITH}) run by Apache Calcite over the stored partitions: projection, WHERE with any
 * operator and function Calcite and its Hive and MySQL libraries know, GROUP BY with the aggregates, DISTINCT, ORDER
 * BY, LIMIT, joins and subqueries. The SQL is read with MaxCompute's lexical rules (back-quoted names, strings in
 * single or double quotes with backslash escapes, names in any case); column names that Calcite reserves as keywords
 * ({@code offset}, {@code value}, {@code partition}...) may be written bare, as MaxCompute allows. Unnamed result
 * columns are named {@code _c0, _c1, ...} as MaxCompute names them. Errors carry MaxCompute's codes.
 */
final class Queries {

    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern CALCITE_POSITION = Pattern.compile("line (\\d+), column (\\d+)");
    private static final org.apache.calcite.sql.parser.SqlAbstractParserImpl.Metadata KEYWORDS =
            org.apache.calcite.sql.parser.impl.SqlParserImpl.FACTORY.getParser(new java.io.StringReader(""))
                    .getMetadata();

    private final Catalog catalog;
    private final ZoneId zone;
    private final Authorizer authorizer;

    Queries(Catalog catalog, ZoneId zone, Authorizer authorizer) {
        this.catalog = catalog;
        this.zone = zone;
        this.authorizer = authorizer;
    }

    static boolean isQuery(String statement) {
        Matcher first = WORD.matcher(statement);
        return first.find() && first.start() == leadingBlanks(statement)
                && Set.of("select", "with").contains(first.group().toLowerCase(Locale.ROOT));
    }

    private static int leadingBlanks(String statement) {
        int i = 0;
        while (i < statement.length() && (Character.isWhitespace(statement.charAt(i)) || statement.charAt(i) == '(')) {
            i++;
        }
        return i;
    }

    SqlResult run(Principal principal, String project, String sql, Map<String, String> settings) {
        boolean allowFullScan = "true".equalsIgnoreCase(settings.getOrDefault(SqlEngine.ALLOW_FULL_SCAN, "false"));
        SchemaPlus root = Frameworks.createRootSchema(true);
        for (String name : catalog.projects()) {
            root.add(name, new ProjectSchema(principal, name, allowFullScan));
        }
        FrameworkConfig config = Frameworks.newConfigBuilder()
                .parserConfig(SqlParser.config().withLex(Lex.BIG_QUERY).withConformance(SqlConformanceEnum.BABEL))
                .sqlValidatorConfig(SqlValidator.Config.DEFAULT.withConformance(SqlConformanceEnum.BABEL))
                .operatorTable(SqlOperatorTables.chain(SqlStdOperatorTable.instance(),
                        SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(SqlLibrary.HIVE, SqlLibrary.MYSQL)))
                .defaultSchema(root.getSubSchema(project.toLowerCase(Locale.ROOT)))
                .programs(Programs.standard())
                .build();
        Planner planner = Frameworks.getPlanner(config);
        try {
            SqlNode validated = planner.validate(planner.parse(quoteReservedColumnNames(project, sql)));
            RelRoot relational = planner.rel(validated);
            // planned with the columns ORDER BY needs; the selected ones are picked from each row at the end
            RelNode logical = relational.rel;
            RelNode physical = planner.transform(0, logical.getTraitSet().replace(EnumerableConvention.INSTANCE)
                    .replace(relational.collation), logical);
            Map<String, Object> stash = new HashMap<>();
            Bindable<Object> bindable = EnumerableInterpretable.toBindable(stash, null, (EnumerableRel) physical,
                    EnumerableRel.Prefer.ARRAY);
            List<Integer> selected = relational.fields.stream().map(field -> field.getKey()).toList();
            return result(relational.validatedRowType, selected, sourceColumns(logical, selected),
                    bindable.bind(new Context(root, (JavaTypeFactory) planner.getTypeFactory(), stash)));
        } catch (Exception e) {
            throw translate(e, sql);
        } finally {
            planner.close();
        }
    }

    /** What generated query code asks of its environment: the schema, the type factory, the clock. */
    private final class Context implements DataContext {
        private final SchemaPlus root;
        private final JavaTypeFactory types;
        private final Map<String, Object> stash;
        private final long now = System.currentTimeMillis();

        /** {@code stash}: the objects the generated code looks up by name (e.g. the interpreted table scans). */
        Context(SchemaPlus root, JavaTypeFactory types, Map<String, Object> stash) {
            this.root = root;
            this.types = types;
            this.stash = stash;
        }

        @Override
        public SchemaPlus getRootSchema() {
            return root;
        }

        @Override
        public JavaTypeFactory getTypeFactory() {
            return types;
        }

        @Override
        public QueryProvider getQueryProvider() {
            return null;
        }

        @Override
        public Object get(String name) {
            if (stash.containsKey(name)) {
                return stash.get(name);
            }
            if (name.equals(Variable.TIME_ZONE.camelName)) {
                return TimeZone.getTimeZone("UTC");
            }
            if (name.equals(Variable.UTC_TIMESTAMP.camelName) || name.equals(Variable.CURRENT_TIMESTAMP.camelName)
                    || name.equals(Variable.LOCAL_TIMESTAMP.camelName)) {
                return java.time.Instant.ofEpochMilli(now).atZone(zone).toLocalDateTime().toInstant(ZoneOffset.UTC)
                        .toEpochMilli();
            }
            if (name.equals(Variable.LOCALE.camelName)) {
                return Locale.ROOT;
            }
            if (name.equals(Variable.CANCEL_FLAG.camelName)) {
                return new java.util.concurrent.atomic.AtomicBoolean();
            }
            return null;
        }
    }

    /** A project's tables for Calcite; reading a table's shape checks the caller's Select privilege on it. */
    private final class ProjectSchema extends AbstractSchema {
        private final Principal principal;
        private final String project;
        private final boolean allowFullScan;

        ProjectSchema(Principal principal, String project, boolean allowFullScan) {
            this.principal = principal;
            this.project = project;
            this.allowFullScan = allowFullScan;
        }

        @Override
        protected Map<String, org.apache.calcite.schema.Table> getTableMap() {
            Map<String, org.apache.calcite.schema.Table> tables = new HashMap<>();
            for (Table table : catalog.tablesOf(project)) {
                tables.put(table.name(), new PartitionedTable(table, catalog.store(), zone, allowFullScan,
                        () -> authorizer.checkTable(principal, project, table.name(), "Select")));
            }
            return tables;
        }
    }

    /** Back-quotes the bare words that name a column of the project and that Calcite reserves as keywords. */
    private String quoteReservedColumnNames(String project, String sql) {
        Set<String> columns = new HashSet<>();
        for (Table table : catalog.tablesOf(project)) {
            table.columns().forEach(column -> columns.add(column.name()));
            table.partitionColumns().forEach(column -> columns.add(column.name()));
        }
        StringBuilder out = new StringBuilder(sql.length() + 16);
        int i = 0;
        String previousWord = "";
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int end = i + 1;
                while (end < sql.length() && sql.charAt(end) != c) {
                    end += sql.charAt(end) == '\\' && c != '`' ? 2 : 1;
                }
                end = Math.min(end + 1, sql.length());
                out.append(sql, i, end);
                i = end;
                previousWord = "";
                continue;
            }
            if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                end = end < 0 ? sql.length() : end;
                out.append(sql, i, end);
                i = end;
                continue;
            }
            Matcher word = WORD.matcher(sql).region(i, sql.length());
            if ((Character.isLetter(c) || c == '_') && word.lookingAt()
                    && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)))) {
                String text = word.group();
                String lower = text.toLowerCase(Locale.ROOT);
                int after = word.end();
                while (after < sql.length() && Character.isWhitespace(sql.charAt(after))) {
                    after++;
                }
                boolean call = after < sql.length() && sql.charAt(after) == '(';
                boolean keywordUse = sql.regionMatches(true, after, "by", 0, 2) && lower.equals("partition")
                        || previousWord.equals("limit") || previousWord.matches("\\d+");
                if (columns.contains(lower) && KEYWORDS.isReservedWord(text.toUpperCase(Locale.ROOT)) && !call
                        && !keywordUse) {
                    out.append('`').append(text).append('`');
                } else {
                    out.append(text);
                }
                previousWord = lower;
                i = word.end();
                continue;
            }
            if (Character.isDigit(c)) {
                int end = i;
                while (end < sql.length() && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '.')) {
                    end++;
                }
                previousWord = sql.substring(i, end);
                out.append(previousWord);
                i = end;
                continue;
            }
            if (!Character.isWhitespace(c)) {
                previousWord = String.valueOf(c);
            }
            out.append(c);
            i++;
        }
        return out.toString();
    }

    /** Per result column, the stored column it shows unchanged, or null for a computed one. */
    private static List<Column> sourceColumns(RelNode rel, List<Integer> selected) {
        org.apache.calcite.rel.metadata.RelMetadataQuery metadata = rel.getCluster().getMetadataQuery();
        List<Column> sources = new ArrayList<>();
        for (int i : selected) {
            Set<org.apache.calcite.rel.metadata.RelColumnOrigin> origins = metadata.getColumnOrigins(rel, i);
            Column source = null;
            if (origins != null && origins.size() == 1) {
                org.apache.calcite.rel.metadata.RelColumnOrigin origin = origins.iterator().next();
                PartitionedTable table = origin.getOriginTable().unwrap(PartitionedTable.class);
                Column column = table == null ? null : table.column(origin.getOriginColumnOrdinal());
                // a TIMESTAMP's text through MIN, MAX or CASE is still a TIMESTAMP; other expressions are checked
                // value by value (see result)
                boolean keepsText = column != null && column.type() == ColumnType.TIMESTAMP
                        && rel.getRowType().getFieldList().get(i).getType().getSqlTypeName() == SqlTypeName.VARCHAR;
                if (column != null && (!origin.isDerived() || keepsText)) {
                    source = column;
                }
            }
            sources.add(source);
        }
        return sources;
    }

    private SqlResult result(RelDataType rowType, List<Integer> selected, List<Column> sources,
                             Enumerable<Object> rows) {
        List<RelDataTypeField> fields = rowType.getFieldList();
        List<String> names = new ArrayList<>();
        List<ColumnType> types = new ArrayList<>();
        for (RelDataTypeField field : fields) {
            String name = field.getName();
            names.add(name.startsWith("EXPR$") ? "_c" + field.getIndex() : name.toLowerCase(Locale.ROOT));
            Column source = sources.get(field.getIndex());
            types.add(source != null ? source.type() : columnType(field.getType().getSqlTypeName()));
        }
        List<Object[]> values = new ArrayList<>();
        try (Enumerator<Object> enumerator = rows.enumerator()) {
            while (enumerator.moveNext()) {
                Object current = enumerator.current();
                // a one-column result comes as the value itself
                Object[] planned = current instanceof Object[] array ? array : new Object[] {current};
                Object[] row = new Object[selected.size()];
                for (int i = 0; i < row.length; i++) {
                    row[i] = planned[selected.get(i)];
                }
                Object[] converted = new Object[row.length];
                for (int i = 0; i < row.length; i++) {
                    converted[i] = types.get(i) == ColumnType.TIMESTAMP && row[i] instanceof String text
                            ? timestamp(text) : external(row[i], fields.get(i).getType().getSqlTypeName());
                    if (converted[i] instanceof String && types.get(i) == ColumnType.TIMESTAMP) {
                        types.set(i, ColumnType.STRING);
                    }
                }
                values.add(converted);
            }
        }
        for (int i = 0; i < types.size(); i++) {
            if (types.get(i) == ColumnType.STRING && sources.get(i) != null
                    && sources.get(i).type() == ColumnType.TIMESTAMP) {
                for (Object[] row : values) {
                    if (row[i] instanceof java.time.Instant instant) {
                        row[i] = PartitionedTable.TIMESTAMP_TEXT.format(instant.atZone(zone));
                    }
                }
            }
        }
        return new SqlResult(names, types, values, null);
    }

    /** A TIMESTAMP's text back as an instant; other text (an expression over it) stays text. */
    private Object timestamp(String text) {
        try {
            return java.time.LocalDateTime.parse(text, PartitionedTable.TIMESTAMP_TEXT).atZone(zone).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return text;
        }
    }

    /** A Calcite value as the emulator's results hold it. */
    private Object external(Object value, SqlTypeName type) {
        if (value == null) {
            return null;
        }
        return switch (type) {
            case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> java.time.Instant.ofEpochMilli(((Number) value).longValue())
                    .atOffset(ZoneOffset.UTC).toLocalDateTime().atZone(zone).toInstant();
            case DATE -> java.time.LocalDate.ofEpochDay(((Number) value).longValue());
            case BIGINT -> ((Number) value).longValue();
            case INTEGER, SMALLINT, TINYINT -> ((Number) value).intValue();
            case DOUBLE, FLOAT, REAL -> ((Number) value).doubleValue();
            case DECIMAL -> value instanceof java.math.BigDecimal decimal ? decimal
                    : new java.math.BigDecimal(value.toString());
            case BINARY, VARBINARY -> value instanceof ByteString bytes ? bytes.getBytes() : value;
            case BOOLEAN -> value;
            default -> value.toString();
        };
    }

    private static ColumnType columnType(SqlTypeName type) {
        return switch (type) {
            case BIGINT -> ColumnType.BIGINT;
            case INTEGER, SMALLINT, TINYINT -> ColumnType.INT;
            case DOUBLE, FLOAT, REAL -> ColumnType.DOUBLE;
            case BOOLEAN -> ColumnType.BOOLEAN;
            case TIMESTAMP, TIMESTAMP_WITH_LOCAL_TIME_ZONE -> ColumnType.DATETIME;
            case DATE -> ColumnType.DATE;
            case DECIMAL -> ColumnType.DECIMAL;
            case BINARY, VARBINARY -> ColumnType.BINARY;
            default -> ColumnType.STRING;
        };
    }

    /** Calcite's failure as MaxCompute reports it: a ServiceException of ours as it is, else parse or semantic error. */
    private static ServiceException translate(Exception failure, String sql) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ServiceException service) {
                return service;
            }
        }
        if (Boolean.getBoolean("emulator.debug")) {
            failure.printStackTrace();
        }
        String message = deepestMessage(failure);
        String position = "[0,0]";
        Matcher at = CALCITE_POSITION.matcher(message);
        if (at.find()) {
            position = "[" + at.group(1) + "," + at.group(2) + "]";
        }
        String text = message.replaceAll("^From line \\d+, column \\d+ to line \\d+, column \\d+: ", "")
                .replaceAll("\\s+", " ").trim();
        if (hasCause(failure, org.apache.calcite.sql.parser.SqlParseException.class)) {
            return ServiceException.badRequest("ParseError", "ODPS-0130161:" + position + " Parse exception - "
                    + text);
        }
        Matcher table = Pattern.compile("Object '([^']+)' not found").matcher(text);
        if (table.find()) {
            return ServiceException.badRequest("SemanticError", "ODPS-0130131:" + position
                    + " Table not found - table " + table.group(1) + " cannot be resolved");
        }
        Matcher column = Pattern.compile("Column '([^']+)' not found").matcher(text);
        if (column.find()) {
            return ServiceException.badRequest("SemanticError", "ODPS-0130071:" + position
                    + " Semantic analysis exception - column " + column.group(1) + " cannot be resolved");
        }
        if (hasCause(failure, org.apache.calcite.runtime.CalciteContextException.class)
                || hasCause(failure, org.apache.calcite.sql.validate.SqlValidatorException.class)) {
            return ServiceException.badRequest("SemanticError", "ODPS-0130071:" + position
                    + " Semantic analysis exception - " + text);
        }
        return ServiceException.badRequest("RuntimeError", "ODPS-0123131:Runtime error - " + text + " (in: "
                + sql.strip() + ")");
    }

    private static boolean hasCause(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }

    private static String deepestMessage(Throwable failure) {
        String message = String.valueOf(failure.getMessage());
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !(cause instanceof java.lang.reflect.InvocationTargetException)) {
                message = cause.getMessage();
            }
        }
        return message;
    }
}
