package com.connectorservice.controlplane.api;

import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Every rule the API can report, by name: a rule id is the field path plus the rule's name
 * ({@code destination.primaryKeyColumns.type.required} is rule {@code required} at that field), so a client that has a
 * sentence for each name, with the field put in, can say every error in its own language. The console's translations
 * are checked against this list (it travels in the OpenAPI document as {@code x-connector-service.ruleNames});
 * {@code RuleCatalogueTest} checks it against the rules the code reports and against docs/troubleshooting.md.
 */
public final class RuleCatalogue {

    /** Rules named in the code where the violation is made. */
    static final List<String> REPORTED = List.of(
            "absent", "active", "agentToken", "allowed", "beforeStart", "bootstrapServers", "builtin",
            "changedSinceRead", "characters", "cleanupPolicy", "columns", "concrete", "coordinates", "createTable",
            "deleting", "distinct", "duplicate", "encoding", "endBeforeStart", "exists", "expression", "format",
            "grants", "immutable", "immutableWhileDeployed", "internal", "inUse", "invalid", "json", "length",
            "matchesTable", "min", "missing", "model", "name", "notAssumable", "notDeployed", "notFound", "notStopped",
            "noWindow", "open", "owned", "partitions", "pattern", "placeholders", "primaryKeyMode", "range", "refused",
            "required", "role", "roleUnavailable", "routed", "single", "size", "stopTimeout", "structure", "syntax",
            "taken", "topic", "trustPolicy", "type", "unavailable", "unchecked", "undefined", "unique", "unknown",
            "unpartitioned", "unreachable", "unreadable", "unsupported", "url");

    /**
     * Rules named after the HTTP status of an error raised outside the API's own checks (Spring MVC, Tomcat): the
     * status's name in lower case with hyphens.
     */
    static final List<String> STATUSES = List.of("bad-request", "not-found", "method-not-allowed", "not-acceptable",
            "unsupported-media-type", "content-too-large", "uri-too-long", "request-header-fields-too-large",
            "internal-server-error");

    public static final SortedSet<String> NAMES = names();

    private RuleCatalogue() {
    }

    private static SortedSet<String> names() {
        SortedSet<String> names = new TreeSet<>(REPORTED);
        names.addAll(STATUSES);
        return java.util.Collections.unmodifiableSortedSet(names);
    }

    /** The rule's name: its id's last segment (a status rule is its own name). */
    public static String nameOf(String ruleId) {
        return ruleId.substring(ruleId.lastIndexOf('.') + 1);
    }
}
