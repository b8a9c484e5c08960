package com.connectorservice.syncjob.mapping;

import java.util.ArrayList;
import java.util.List;

import com.connectorservice.syncjob.InvalidSyncJobException;

/**
 * What a target column is filled from: one of the six {@link KafkaField}s, or a path into the record's JSON
 * value. Paths use {@code .} for a member and {@code [n]} for an array element, as seed 002 describes
 * ({@code a.a1}, {@code b}, {@code c[1]}, {@code d[0].AA}); a member whose name holds a dot is reached with the
 * quoted form {@code ['a.b']}, which seed 002's plain syntax cannot express.
 */
public sealed interface SourceField permits SourceField.Kafka, SourceField.ValuePath {

    /** As the user wrote it. */
    String text();

    record Kafka(KafkaField field) implements SourceField {
        @Override
        public String text() {
            return field.fieldName();
        }
    }

    /** A step of a path: a member name or an array index. */
    sealed interface Step permits Member, Element {
    }

    record Member(String name) implements Step {
    }

    record Element(int index) implements Step {
    }

    record ValuePath(String text, List<Step> steps) implements SourceField {
        public ValuePath {
            steps = List.copyOf(steps);
        }
    }

    /**
     * Parses a source field.
     *
     * @throws InvalidSyncJobException rule {@code mapping.source.unknown} for {@code __x__} names that are not one
     *                                 of the six fields, {@code mapping.source.syntax} for a malformed path
     */
    static SourceField parse(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidSyncJobException("", "mapping.source.required",
                    "the source field is required: one of __key__, __value__, __partition__, __headers__, __offset__,"
                            + " __timestamp__ or a JSON path into the value such as a.a1 or d[0].AA");
        }
        if (text.startsWith("__") && text.endsWith("__") && text.length() > 4 && !text.contains(".") && !text.contains("[")) {
            return KafkaField.byName(text).<SourceField>map(Kafka::new).orElseThrow(() -> new InvalidSyncJobException("",
                    "mapping.source.unknown", "unknown field '" + text + "': the Kafka fields are __key__, __value__,"
                            + " __partition__, __headers__, __offset__, __timestamp__ (a JSON member named so is written ['"
                            + text + "'])"));
        }
        return new ValuePath(text, steps(text));
    }

    private static List<Step> steps(String text) {
        List<Step> steps = new ArrayList<>();
        int i = 0;
        boolean expectName = true;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '[') {
                int close = text.indexOf(']', i);
                if (i + 1 < text.length() && (text.charAt(i + 1) == '\'' || text.charAt(i + 1) == '"')) {
                    char quote = text.charAt(i + 1);
                    int endQuote = text.indexOf(quote, i + 2);
                    if (endQuote < 0 || endQuote + 1 >= text.length() || text.charAt(endQuote + 1) != ']') {
                        throw syntax(text, "the quoted name at position " + i + " must end with " + quote + "]");
                    }
                    String name = text.substring(i + 2, endQuote);
                    if (name.isEmpty()) {
                        throw syntax(text, "the quoted name at position " + i + " is empty");
                    }
                    steps.add(new Member(name));
                    i = endQuote + 2;
                } else {
                    if (close < 0) {
                        throw syntax(text, "'[' at position " + i + " has no closing ']'");
                    }
                    String index = text.substring(i + 1, close).trim();
                    if (!index.matches("\\d{1,9}")) {
                        throw syntax(text, "'[" + index + "]' must be an array index (0, 1, ...) or a quoted name such as ['a.b']");
                    }
                    if (steps.isEmpty()) {
                        throw syntax(text, "a path starts with a member name, not with [" + index + "]");
                    }
                    steps.add(new Element(Integer.parseInt(index)));
                    i = close + 1;
                }
                expectName = false;
            } else if (c == '.') {
                if (expectName) {
                    throw syntax(text, "an empty member name at position " + i);
                }
                expectName = true;
                i++;
                if (i == text.length()) {
                    throw syntax(text, "the path ends with '.'");
                }
            } else if (c == ']') {
                throw syntax(text, "']' at position " + i + " has no opening '['");
            } else {
                if (!expectName) {
                    throw syntax(text, "a member name at position " + i + " must follow '.'");
                }
                int end = i;
                while (end < text.length() && text.charAt(end) != '.' && text.charAt(end) != '[' && text.charAt(end) != ']') {
                    end++;
                }
                steps.add(new Member(text.substring(i, end)));
                i = end;
                expectName = false;
            }
        }
        return steps;
    }

    private static InvalidSyncJobException syntax(String text, String problem) {
        return new InvalidSyncJobException("", "mapping.source.syntax", "source field '" + text + "': " + problem
                + " (paths use '.' for members and [n] for array elements, e.g. d[0].AA; ['a.b'] for names with dots)");
    }
}
