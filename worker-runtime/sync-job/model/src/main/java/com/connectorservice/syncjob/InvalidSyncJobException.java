package com.connectorservice.syncjob;

import java.util.List;

/** A definition, expression or mapping that breaks one or more rules; each violation names the field and the rule. */
public class InvalidSyncJobException extends IllegalArgumentException {

    private final List<Violation> violations;

    public InvalidSyncJobException(List<Violation> violations) {
        super(violations.size() == 1 ? violations.get(0).message()
                : violations.size() + " problems: " + violations.get(0).message() + " ...");
        this.violations = List.copyOf(violations);
    }

    public InvalidSyncJobException(String field, String rule, String message) {
        this(List.of(new Violation(field, rule, message)));
    }

    public List<Violation> violations() {
        return violations;
    }

    /** The same violations with {@code prefix} put in front of each field path (e.g. {@code parameters.startTime}). */
    public InvalidSyncJobException under(String prefix) {
        return new InvalidSyncJobException(violations.stream()
                .map(v -> new Violation(v.field() == null || v.field().isEmpty() ? prefix
                        : v.field().startsWith("[") ? prefix + v.field() : prefix + "." + v.field(), v.rule(), v.message()))
                .toList());
    }
}
