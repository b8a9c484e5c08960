package com.connectorservice.emulator.maxcompute.sql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.connectorservice.emulator.maxcompute.ServiceException;
import com.connectorservice.emulator.maxcompute.catalog.Column;
import com.connectorservice.emulator.maxcompute.catalog.DataType;

/**
 * A small parser for the DDL and commands {@link Statement} lists (queries are Calcite's, see {@link Queries}), and
 * the splitting of a script into statements.
 */
public final class SqlParser {

    private enum Kind { WORD, QUOTED_NAME, STRING, NUMBER, SYMBOL, END }

    private record Token(Kind kind, String text, int position) {
        boolean is(String keyword) {
            return kind == Kind.WORD && text.equalsIgnoreCase(keyword);
        }

        boolean isSymbol(String symbol) {
            return kind == Kind.SYMBOL && text.equals(symbol);
        }
    }

    private final String sql;
    private final List<Token> tokens;
    private int next;
    /** The PRIMARY KEY clause and the NOT NULL columns of the last column list. */
    private final List<String> primaryKey = new ArrayList<>();
    private final java.util.Set<String> notNull = new java.util.HashSet<>();

    private SqlParser(String sql) {
        this.sql = sql;
        this.tokens = tokenize(sql);
    }

    /** Splits a script at top-level semicolons and parses each statement. */
    public static List<Statement> parseScript(String script) {
        List<Statement> statements = new ArrayList<>();
        for (String text : split(script)) {
            statements.add(parse(text));
        }
        if (statements.isEmpty()) {
            throw error("empty SQL");
        }
        return statements;
    }

    static Statement parse(String text) {
        String trimmed = text.strip();
        if (trimmed.regionMatches(true, 0, "set ", 0, 4)) {
            int eq = trimmed.indexOf('=');
            if (eq < 0) {
                throw error("SET needs key=value: " + trimmed);
            }
            return new Statement.Set(trimmed.substring(4, eq).trim(), trimmed.substring(eq + 1).trim());
        }
        return new SqlParser(trimmed).statement();
    }

    static List<String> split(String script) {
        List<String> parts = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        char quote = 0;
        for (int i = 0; i < script.length(); i++) {
            char c = script.charAt(i);
            if (quote != 0) {
                current.append(c);
                if (c == '\\' && quote != '`' && i + 1 < script.length()) {
                    current.append(script.charAt(++i));
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '-' && i + 1 < script.length() && script.charAt(i + 1) == '-') {
                while (i < script.length() && script.charAt(i) != '\n') {
                    i++;
                }
                current.append('\n');
            } else if (c == ';') {
                addIfNotBlank(parts, current);
                current.setLength(0);
            } else {
                if (c == '\'' || c == '"' || c == '`') {
                    quote = c;
                }
                current.append(c);
            }
        }
        addIfNotBlank(parts, current);
        return parts;
    }

    private static void addIfNotBlank(List<String> parts, StringBuilder sb) {
        if (!sb.toString().isBlank()) {
            parts.add(sb.toString().strip());
        }
    }

    static ServiceException error(String message) {
        return ServiceException.badRequest("ParseError", "ODPS-0130161:Parse exception - " + message);
    }

    private ServiceException unsupported() {
        return error("unsupported SQL: " + sql + " (the emulator supports SELECT and WITH queries, CREATE TABLE,"
                + " ALTER TABLE ADD/DROP PARTITION, ALTER TABLE ADD COLUMNS, ALTER TABLE CHANGE COLUMN, DROP TABLE, DESC, SHOW PARTITIONS, SHOW TABLES, SET, ADD USER and"
                + " GRANT)");
    }

    private static List<Token> tokenize(String sql) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '\'' || c == '"' || c == '`') {
                StringBuilder value = new StringBuilder();
                int start = i++;
                while (true) {
                    if (i >= sql.length()) {
                        throw error("unterminated quote starting at position " + start + " in: " + sql);
                    }
                    char d = sql.charAt(i++);
                    if (d == c) {
                        break;
                    }
                    if (d == '\\' && c != '`' && i < sql.length()) {
                        char e = sql.charAt(i++);
                        value.append(switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            default -> e;
                        });
                    } else {
                        value.append(d);
                    }
                }
                tokens.add(new Token(c == '`' ? Kind.QUOTED_NAME : Kind.STRING, value.toString(), start));
            } else if (Character.isLetter(c) || c == '_' || c == '$') {
                int start = i;
                while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
                        || sql.charAt(i) == '$')) {
                    i++;
                }
                tokens.add(new Token(Kind.WORD, sql.substring(start, i), start));
            } else if (Character.isDigit(c) || (c == '-' && i + 1 < sql.length() && Character.isDigit(sql.charAt(i + 1)))) {
                int start = i++;
                while (i < sql.length() && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                tokens.add(new Token(Kind.NUMBER, sql.substring(start, i), start));
            } else {
                tokens.add(new Token(Kind.SYMBOL, String.valueOf(c), i));
                i++;
            }
        }
        tokens.add(new Token(Kind.END, "", sql.length()));
        return tokens;
    }

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        return tokens.get(next++);
    }

    private boolean accept(String keyword) {
        if (peek().is(keyword)) {
            next++;
            return true;
        }
        return false;
    }

    private boolean acceptSymbol(String symbol) {
        if (peek().isSymbol(symbol)) {
            next++;
            return true;
        }
        return false;
    }

    private void expect(String keyword) {
        if (!accept(keyword)) {
            throw expected(keyword.toUpperCase(Locale.ROOT));
        }
    }

    private void expectSymbol(String symbol) {
        if (!acceptSymbol(symbol)) {
            throw expected("'" + symbol + "'");
        }
    }

    private ServiceException expected(String what) {
        Token t = peek();
        return error("expected " + what + " at position " + t.position() + " but found '"
                + (t.kind() == Kind.END ? "end of statement" : t.text()) + "' in: " + sql);
    }

    private String name() {
        Token t = peek();
        if (t.kind() == Kind.WORD || t.kind() == Kind.QUOTED_NAME) {
            next++;
            return t.text();
        }
        throw expected("a name");
    }

    private Statement.TableName tableName() {
        List<String> parts = new ArrayList<>();
        parts.add(name());
        while (acceptSymbol(".")) {
            parts.add(name());
        }
        return switch (parts.size()) {
            case 1 -> new Statement.TableName(null, parts.get(0));
            // project.table, or project.schema.table (the schema is the default one)
            case 2, 3 -> new Statement.TableName(parts.get(0), parts.get(parts.size() - 1));
            default -> throw error("invalid table name " + String.join(".", parts));
        };
    }

    private String literal() {
        Token t = take();
        if (t.kind() == Kind.STRING || t.kind() == Kind.NUMBER || t.kind() == Kind.WORD) {
            return t.text();
        }
        next--;
        throw expected("a literal");
    }

    private void end() {
        if (peek().kind() != Kind.END) {
            throw expected("end of statement");
        }
    }

    private Statement statement() {
        Token first = peek();
        Statement statement;
        if (accept("create")) {
            statement = createTable();
        } else if (accept("alter")) {
            statement = alterTable();
        } else if (accept("drop")) {
            expect("table");
            boolean ifExists = accept("if") && expectThen("exists");
            statement = new Statement.DropTable(tableName(), ifExists);
        } else if (accept("show")) {
            if (accept("partitions")) {
                statement = new Statement.ShowPartitions(tableName());
            } else if (accept("tables")) {
                statement = new Statement.ShowTables();
            } else {
                throw unsupported();
            }
        } else if (accept("desc") || accept("describe")) {
            statement = new Statement.Describe(tableName());
        } else if (first.is("add") && tokens.size() > 2 && tokens.get(1).is("user")
                || first.is("grant") || first.is("revoke")) {
            return new Statement.Security(sql);
        } else {
            throw unsupported();
        }
        end();
        return statement;
    }

    private boolean expectThen(String keyword) {
        expect(keyword);
        return true;
    }

    private Statement createTable() {
        expect("table");
        boolean ifNotExists = false;
        if (accept("if")) {
            expect("not");
            expect("exists");
            ifNotExists = true;
        }
        Statement.TableName name = tableName();
        List<Column> columns = columnList();
        List<String> key = List.copyOf(primaryKey);
        java.util.Set<String> notNullColumns = java.util.Set.copyOf(notNull);
        String comment = "";
        List<Column> partitionColumns = List.of();
        Map<String, String> properties = new LinkedHashMap<>();
        while (peek().kind() != Kind.END) {
            if (accept("comment")) {
                comment = literal();
            } else if (accept("partitioned")) {
                expect("by");
                partitionColumns = columnList();
            } else if (accept("lifecycle")) {
                literal();
            } else if (accept("tblproperties")) {
                expectSymbol("(");
                do {
                    String property = literal();
                    expectSymbol("=");
                    properties.put(property.toLowerCase(Locale.ROOT), literal());
                } while (acceptSymbol(","));
                expectSymbol(")");
            } else {
                throw unsupported();
            }
        }
        for (String column : key) {
            if (!notNullColumns.contains(column.toLowerCase(Locale.ROOT))) {
                throw ServiceException.badRequest("InvalidArgument", "ODPS-0130071:Semantic analysis exception - "
                        + "primary key column '" + column + "' must be declared NOT NULL");
            }
        }
        return new Statement.CreateTable(name, ifNotExists, columns, partitionColumns, comment, key, properties);
    }

    /** A type name with its arguments: {@code decimal(10,2)}, {@code array<struct<a:bigint,b:string>>}. */
    private String type() {
        StringBuilder type = new StringBuilder(name());
        if (acceptSymbol("(")) {
            type.append('(').append(literal());
            while (acceptSymbol(",")) {
                type.append(',').append(literal());
            }
            expectSymbol(")");
            type.append(')');
        } else if (peek().isSymbol("<")) {
            int depth = 0;
            do {
                Token t = take();
                if (t.kind() == Kind.END) {
                    throw expected("'>'");
                }
                depth += t.isSymbol("<") ? 1 : t.isSymbol(">") ? -1 : 0;
                type.append(t.text());
            } while (depth > 0);
        }
        DataType.parse(type.toString());
        return type.toString();
    }

    private List<Column> columnList() {
        expectSymbol("(");
        List<Column> columns = new ArrayList<>();
        primaryKey.clear();
        notNull.clear();
        do {
            if (peek().is("primary") && tokens.get(next + 1).is("key")) {
                next += 2;
                expectSymbol("(");
                do {
                    primaryKey.add(name());
                } while (acceptSymbol(","));
                expectSymbol(")");
                continue;
            }
            columns.add(column());
        } while (acceptSymbol(","));
        expectSymbol(")");
        return columns;
    }

    private Column column() {
        String column = name();
        String type = type();
        if (accept("not")) {
            expect("null");
            notNull.add(column.toLowerCase(Locale.ROOT));
        }
        String comment = accept("comment") ? literal() : "";
        return new Column(column, type, comment);
    }

    private Statement alterTable() {
        expect("table");
        Statement.TableName name = tableName();
        if (peek().is("add") && tokens.get(next + 1).is("columns")) {
            next += 2;
            List<Column> columns = columnList();
            return new Statement.AddColumns(name, columns);
        }
        if (accept("change")) {
            accept("column");
            String column = name();
            return new Statement.ChangeColumn(name, column, column());
        }
        boolean add = accept("add");
        if (!add && !accept("drop")) {
            throw unsupported();
        }
        boolean ifClause = false;
        if (accept("if")) {
            if (add) {
                expect("not");
            }
            expect("exists");
            ifClause = true;
        }
        List<Map<String, String>> partitions = new ArrayList<>();
        do {
            expect("partition");
            expectSymbol("(");
            Map<String, String> values = new LinkedHashMap<>();
            do {
                String key = name();
                expectSymbol("=");
                values.put(key, literal());
            } while (acceptSymbol(","));
            expectSymbol(")");
            partitions.add(values);
            acceptSymbol(",");
        } while (peek().is("partition"));
        return add
                ? new Statement.AddPartitions(name, ifClause, partitions)
                : new Statement.DropPartitions(name, ifClause, partitions);
    }
}
