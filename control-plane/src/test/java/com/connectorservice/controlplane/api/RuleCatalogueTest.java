package com.connectorservice.controlplane.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The rule catalogue against the code that reports the rules and against docs/troubleshooting.md. The rules the code
 * can report are read from the sources of the control plane, the contracts and the sync-job model (whose violations
 * the control plane answers with): the rule argument of every call that makes a violation
 * ({@code Violations.error/warning}, {@code FieldViolation}, {@code FieldViolation.at}, {@code ApiException},
 * {@code ConfigProblem}, the sync-job model's {@code Violation} and {@code InvalidSyncJobException}, the security and
 * request filters' writers), whose last string literal ends with the rule's name.
 */
class RuleCatalogueTest {

    private static final Path MODULE = Path.of("").toAbsolutePath();
    private static final List<Path> SOURCES = List.of(MODULE.resolve("src/main/java"),
            MODULE.resolve("../contracts/src/main/java").normalize(),
            MODULE.resolve("../worker-runtime/sync-job/model/src/main/java").normalize());
    private static final Pattern CALL = Pattern.compile("(?:\\.error|\\.warning|FieldViolation\\.at|new FieldViolation"
            + "|new ConfigProblem|new Violation|new InvalidSyncJobException"
            + "|ApiException\\.(?:of|notFound|conflict|badRequest)|\\bwrite|\\brefuse\\w*|\\bproblem)\\(");
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern RULE = Pattern.compile("\\.?[A-Za-z][A-Za-z0-9]*(?:\\.[A-Za-z][A-Za-z0-9]*)*");
    private static final Pattern DOCUMENTED = Pattern.compile("^\\| `([^`]+)` \\|", Pattern.MULTILINE);

    @Test
    void everyRuleTheCodeReportsIsInTheCatalogueAndNoneIsStale() {
        TreeMap<String, String> reported = reportedRules();
        assertThat(reported).as("rules reported in the code (name -> where)").isNotEmpty();
        assertThat(RuleCatalogue.NAMES).as("add the new rule to RuleCatalogue.REPORTED, the console's translations"
                + " (web-console/src/i18n/rules.ts) and docs/troubleshooting.md").containsAll(reported.keySet());
        assertThat(reported.keySet()).as("rules no code reports any more").containsAll(RuleCatalogue.REPORTED);
    }

    @Test
    void troubleshootingListsEveryRuleAndNoStaleOne() throws IOException {
        String document = Files.readString(MODULE.resolve("../docs/troubleshooting.md").normalize());
        String section = document.substring(document.indexOf("## Every rule"));
        Set<String> documented = new TreeSet<>();
        Matcher row = DOCUMENTED.matcher(section);
        while (row.find()) {
            documented.add(row.group(1));
        }
        assertThat(documented).as("the rules of docs/troubleshooting.md's 'Every rule' table")
                .containsExactlyInAnyOrderElementsOf(RuleCatalogue.NAMES);
    }

    @Test
    void aRulesNameIsItsIdsLastSegment() {
        assertThat(RuleCatalogue.nameOf("destination.primaryKeyColumns.type.required")).isEqualTo("required");
        assertThat(RuleCatalogue.nameOf("not-found")).isEqualTo("not-found");
    }

    private static TreeMap<String, String> reportedRules() {
        TreeMap<String, String> rules = new TreeMap<>();
        for (Path root : SOURCES) {
            try (Stream<Path> files = Files.walk(root)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(file -> {
                    String source = read(file);
                    Matcher call = CALL.matcher(source);
                    while (call.find()) {
                        List<String> arguments = arguments(source, call.end());
                        if (!arguments.isEmpty() && arguments.get(0).startsWith("HttpStatus.")) {
                            arguments = arguments.subList(1, arguments.size());
                        }
                        if (arguments.size() < 3) {
                            continue;
                        }
                        String rule = null;
                        Matcher literal = LITERAL.matcher(arguments.get(1));
                        while (literal.find()) {
                            rule = literal.group(1);
                        }
                        if (rule != null && RULE.matcher(rule).matches()) {
                            rules.putIfAbsent(RuleCatalogue.nameOf(rule), root.relativize(file).toString());
                        }
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return rules;
    }

    /** The top-level arguments of the call whose parenthesis opened just before {@code from}. */
    private static List<String> arguments(String source, int from) {
        List<String> arguments = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int depth = 0;
        boolean inString = false;
        for (int i = from; i < source.length(); i++) {
            char c = source.charAt(i);
            if (inString) {
                current.append(c);
                if (c == '\\') {
                    current.append(source.charAt(++i));
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
                current.append(c);
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
                current.append(c);
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    arguments.add(current.toString().strip());
                    return arguments;
                }
                depth--;
                current.append(c);
            } else if (c == ',' && depth == 0) {
                arguments.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        return arguments;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
