package com.connectorservice.sink.maxcompute;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns MaxCompute's permission errors into the statement that fixes them, for the role the sink assumed: {@code You
 * have NO privilege 'odps:Update' on {acs:odps:*:projects/p/tables/t}} becomes {@code grant Update on table t to user
 * `RAM$<account>:role/<role>`;} and {@code You don't exist in project p} becomes {@code add user `RAM$...`;}.
 */
final class PermissionAdvice {
    private static final Pattern NO_PRIVILEGE = Pattern.compile(
            "NO privilege 'odps:(\\w+)' on \\{acs:odps:\\*:projects/([^/}]+)(?:/tables/([^}/]+))?}");
    private static final Pattern NOT_IN_PROJECT = Pattern.compile("You don't exist in project (\\w+)");

    private PermissionAdvice() {
    }

    /** What to run, when the failure (or a cause) is a MaxCompute permission error; empty otherwise. */
    static Optional<String> of(Throwable failure, String roleUser) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message == null) {
                continue;
            }
            Matcher privilege = NO_PRIVILEGE.matcher(message);
            if (privilege.find()) {
                String object = privilege.group(3) == null ? "project " + privilege.group(2)
                        : "table " + privilege.group(3);
                return Optional.of("MaxCompute refused permission '" + privilege.group(1) + "' on " + object
                        + " to " + roleUser + ". Run in the project (as its owner): grant " + privilege.group(1)
                        + " on " + object + " to user `" + roleUser + "`;");
            }
            Matcher member = NOT_IN_PROJECT.matcher(message);
            if (member.find()) {
                return Optional.of(roleUser + " is not a user of project " + member.group(1)
                        + ". Run in the project (as its owner): add user `" + roleUser + "`; then the grants of"
                        + " seed 000 (CreateInstance on the project; Describe, Alter, Update on the table)");
            }
        }
        return Optional.empty();
    }
}
