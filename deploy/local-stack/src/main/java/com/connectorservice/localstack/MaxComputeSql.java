package com.connectorservice.localstack;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import com.aliyun.odps.Instance;
import com.aliyun.odps.Odps;
import com.aliyun.odps.OdpsException;
import com.aliyun.odps.account.AliyunAccount;
import com.aliyun.odps.task.SQLTask;

/**
 * A small odpscmd for the local MaxCompute: a session with one SDK client in which statements run one after the
 * other and {@code set key=value;} applies to the statements after it (sent with each as the SQL task's settings, as
 * odpscmd does). Query results print as a table with NULL for NULL; other results as the service's text. Without a
 * statement it reads them from the terminal (line editing, history kept in {@code <data-dir>/sql-history}) or from
 * standard input; a statement ends with {@code ;}.
 */
final class MaxComputeSql {

    private static final Pattern SET = Pattern.compile("(?is)\\s*set\\s+([^=\\s]+)\\s*=\\s*(.*?)\\s*");
    private static final String PROMPT = "odps@%s> ";

    private final Odps odps;
    private final String project;
    private final Map<String, String> settings = new LinkedHashMap<>();

    MaxComputeSql(StackSettings settings) {
        odps = new Odps(new AliyunAccount(settings.accessKeyId(), settings.accessKeySecret()));
        odps.setEndpoint(settings.maxComputeEndpoint());
        odps.setDefaultProject(settings.maxComputeProject());
        project = settings.maxComputeProject();
    }

    /** Runs the statements of {@code script} in this session and returns what they print. */
    String run(String script) throws OdpsException {
        StringBuilder out = new StringBuilder();
        for (String statement : statements(script)) {
            out.append(runStatement(statement)).append(System.lineSeparator());
        }
        return out.toString().strip();
    }

    private String runStatement(String statement) throws OdpsException {
        Matcher set = SET.matcher(statement);
        if (set.matches()) {
            settings.put(set.group(1), set.group(2));
            return "OK";
        }
        Instance instance = SQLTask.run(odps, project, statement + ";", "AnonymousSQLTask",
                new LinkedHashMap<>(settings), null);
        instance.waitForSuccess(20);
        Instance.Result result = instance.getTaskResultsWithFormat().values().iterator().next();
        if (!"csv".equalsIgnoreCase(result.getFormat())) {
            return result.getString().strip();
        }
        return table(csv(result.getString()));
    }

    /** The result's CSV: a header line, then the rows; quoted cells double their quotes. */
    static List<String[]> csv(String text) {
        List<String[]> lines = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                wasQuoted = true;
            } else if (c == ',' || c == '\n') {
                // the service writes NULL as an unquoted \N
                cells.add(!wasQuoted && cell.toString().equals("\\N") ? "NULL" : cell.toString());
                cell.setLength(0);
                wasQuoted = false;
                if (c == '\n') {
                    lines.add(cells.toArray(new String[0]));
                    cells.clear();
                }
            } else if (c != '\r') {
                cell.append(c);
            }
        }
        return lines;
    }

    /** A header and rows as odpscmd prints them: a framed table. */
    static String table(List<String[]> lines) {
        if (lines.isEmpty()) {
            return "";
        }
        int columns = lines.get(0).length;
        int[] widths = new int[columns];
        lines.forEach(line -> {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], line[i].length());
            }
        });
        StringBuilder rule = new StringBuilder("+");
        for (int width : widths) {
            rule.append("-".repeat(width + 2)).append('+');
        }
        String n = System.lineSeparator();
        StringBuilder out = new StringBuilder(rule).append(n);
        for (int l = 0; l < lines.size(); l++) {
            out.append('|');
            for (int i = 0; i < columns; i++) {
                out.append(' ').append(String.format("%-" + widths[i] + "s", lines.get(l)[i])).append(" |");
            }
            out.append(n);
            if (l == 0) {
                out.append(rule).append(n);
            }
        }
        return out.append(rule).toString();
    }

    /** The statements of a script: split at semicolons outside quotes and comments, blank ones dropped. */
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
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
            } else if (c == ';') {
                addIfNotBlank(statements, current);
            } else {
                if (c == '\'' || c == '"' || c == '`') {
                    quote = c;
                }
                current.append(c);
            }
        }
        addIfNotBlank(statements, current);
        return statements;
    }

    private static void addIfNotBlank(List<String> statements, StringBuilder current) {
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        current.setLength(0);
    }

    /** Whether {@code text} holds a complete statement (it ends with a semicolon outside quotes). */
    static boolean complete(String text) {
        String stripped = text.strip();
        return stripped.endsWith(";") && statements(stripped + " x").size() > statements(stripped).size();
    }

    /** Reads statements from the terminal (or piped input) until end of input, {@code quit;} or {@code exit;}. */
    void interactive(Path history) throws IOException {
        PrintStream out = System.out;
        if (System.console() == null) {
            StringBuilder script = new StringBuilder();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    script.append(line).append('\n');
                    if (complete(script.toString())) {
                        if (!runAndPrint(script.toString(), out)) {
                            return;
                        }
                        script.setLength(0);
                    }
                }
            }
            runAndPrint(script.toString(), out);
            return;
        }
        try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("local-stack sql")
                    .variable(LineReader.HISTORY_FILE, history).build();
            out.println("MaxCompute SQL on project " + project + " (" + odps.getEndpoint() + "); end a statement with"
                    + " ;  set key=value; applies to the statements after it; quit; leaves.");
            StringBuilder script = new StringBuilder();
            while (true) {
                String line;
                try {
                    line = reader.readLine(script.length() == 0 ? String.format(PROMPT, project) : "     > ");
                } catch (UserInterruptException e) {
                    script.setLength(0);
                    continue;
                } catch (EndOfFileException e) {
                    return;
                }
                script.append(line).append('\n');
                if (complete(script.toString())) {
                    if (!runAndPrint(script.toString(), terminal.writer())) {
                        return;
                    }
                    terminal.writer().flush();
                    script.setLength(0);
                }
            }
        }
    }

    /** Runs one input; false when it asked to leave. A failed statement prints its error and the session goes on. */
    private boolean runAndPrint(String script, java.io.Writer writer) {
        return runAndPrint(script, new PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) throws IOException {
                writer.write(b);
            }
        }, true, StandardCharsets.UTF_8));
    }

    private boolean runAndPrint(String script, PrintStream out) {
        for (String statement : statements(script)) {
            String word = statement.toLowerCase(Locale.ROOT);
            if (word.equals("quit") || word.equals("exit")) {
                return false;
            }
            long start = System.nanoTime();
            try {
                out.println(runStatement(statement));
            } catch (OdpsException e) {
                out.println("FAILED: " + e.getMessage());
            }
            out.printf(Locale.ROOT, "(%.2f s)%n", (System.nanoTime() - start) / 1e9);
        }
        out.flush();
        return true;
    }
}
