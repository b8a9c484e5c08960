package com.connectorservice.syncjob.window;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.connectorservice.syncjob.InvalidSyncJobException;
import com.connectorservice.syncjob.Violation;
import com.connectorservice.syncjob.parameters.SchedulingParameters;

/**
 * The three fields of seed 002 that change with every run, as written in the job: the source's start and end
 * time (e.g. {@code ${startTime}}), the destination partition (e.g. {@code ds=${partition}}), and the
 * scheduling parameters they refer to (e.g. {@code startTime=$[yyyymmddhh24-1/24]0000}), evaluated in the job's
 * time zone. Start and end must evaluate to {@code yyyymmddhh24miss} (14 digits).
 */
public record WindowTemplate(String startTime, String endTime, String partition, Map<String, String> parameters,
        ZoneId zone) {

    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]*)}");
    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("uuuuMMddHHmmss");
    /** One or more {@code column=value} pairs separated by commas; values without quotes. */
    /** The longest partition spec a run keeps (the control plane stores it with the run). */
    public static final int MAX_PARTITION_SPEC_LENGTH = 512;
    private static final Pattern PARTITION_SPEC = Pattern.compile("[A-Za-z][A-Za-z0-9_]*=[^,'\"=/\\s]+(,[A-Za-z][A-Za-z0-9_]*=[^,'\"=/\\s]+)*");

    public WindowTemplate {
        parameters = parameters == null ? Map.of() : new LinkedHashMap<>(parameters);
    }

    /** The window of the run scheduled at {@code scheduled} (local time in the job's zone). */
    public SyncWindow resolve(LocalDateTime scheduled) {
        return resolve(scheduled, Map.of());
    }

    /**
     * As {@link #resolve(LocalDateTime)}, with some parameters given values (a run with parameters, seed 002's
     * trial run): a given value may itself be an expression.
     */
    public SyncWindow resolve(LocalDateTime scheduled, Map<String, String> given) {
        List<Violation> violations = new ArrayList<>();
        given.keySet().stream().filter(name -> !parameters.containsKey(name) && !referenced(name)).forEach(name ->
                violations.add(new Violation("parameters." + name, "parameter.unknown", "parameter '" + name
                        + "' is not used by startTime, endTime or partition (they use " + referencedNames() + ")")));
        Map<String, String> expressions = new LinkedHashMap<>(parameters);
        expressions.putAll(given);
        // a parameter without a value is said once, here: the fields using it say nothing more (null value)
        Map<String, String> values = new LinkedHashMap<>();
        expressions.forEach((name, expression) -> {
            values.put(name, null);
            if (expression == null) {
                violations.add(new Violation("parameters." + name, "parameter.required", "parameter '" + name
                        + "' has no value: give it a value or an expression, or leave it out"));
                return;
            }
            try {
                values.put(name, SchedulingParameters.evaluate(expression, scheduled));
            } catch (InvalidSyncJobException e) {
                violations.addAll(e.under("parameters." + name).violations());
            }
        });
        String start = field("source.startTime", startTime, values, scheduled, violations);
        String end = field("source.endTime", endTime, values, scheduled, violations);
        String partitionSpec = field("destination.partition", partition, values, scheduled, violations);
        Instant startInstant = timestamp("source.startTime", startTime, start, violations);
        Instant endInstant = timestamp("source.endTime", endTime, end, violations);
        if (partitionSpec != null && partitionSpec.length() > MAX_PARTITION_SPEC_LENGTH) {
            violations.add(new Violation("destination.partition", "partition.length", "partition '" + partition
                    + "' evaluates to " + partitionSpec.length() + " characters; at most " + MAX_PARTITION_SPEC_LENGTH));
        } else if (partitionSpec != null && !PARTITION_SPEC.matcher(partitionSpec).matches()) {
            violations.add(new Violation("destination.partition", "partition.format", "partition '" + partition
                    + "' evaluates to '" + partitionSpec + "'; it must be column=value[,column=value...], e.g. ds=${partition}"));
        }
        if (startInstant != null && startInstant.isBefore(Instant.EPOCH)) {
            // a window is found by record timestamps, and Kafka has none before the epoch (a run would fail on its agent)
            violations.add(new Violation("source.startTime", "time.range", "the start time " + start + " (" + startTime
                    + ") is before 1970-01-01 00:00 UTC, where Kafka's record timestamps begin"));
        }
        if (startInstant != null && endInstant != null && !endInstant.isAfter(startInstant)) {
            violations.add(new Violation("source.endTime", "window.endBeforeStart", "the end time " + end
                    + " is not after the start time " + start + " (" + endTime + " vs " + startTime + ")"));
        }
        if (!violations.isEmpty()) {
            throw new InvalidSyncJobException(violations);
        }
        return new SyncWindow(startInstant, endInstant, partitionSpec, values);
    }

    /** Checks the template itself: every reference defined, every expression valid at some time. */
    public List<Violation> violations() {
        try {
            resolve(LocalDateTime.of(2022, 11, 22, 10, 0));
            return List.of();
        } catch (InvalidSyncJobException e) {
            return e.violations();
        }
    }

    /** The names the three fields refer to with {@code ${name}}. */
    public List<String> referencedNames() {
        List<String> names = new ArrayList<>();
        for (String field : new String[] { startTime, endTime, partition }) {
            if (field == null) {
                continue;
            }
            Matcher matcher = REFERENCE.matcher(field);
            while (matcher.find()) {
                String name = matcher.group(1).trim();
                if (parameters.containsKey(name) || isParameterName(name)) {
                    if (!names.contains(name)) {
                        names.add(name);
                    }
                }
            }
        }
        return names;
    }

    private boolean referenced(String name) {
        return referencedNames().contains(name);
    }

    /** A name rather than a business-date format such as {@code yyyymmdd-1}. */
    private static boolean isParameterName(String text) {
        return SchedulingParameters.NAME.matcher(text).matches() && !SchedulingParameters.isBusinessDateExpression(text);
    }

    private static String field(String field, String template, Map<String, String> values, LocalDateTime scheduled,
            List<Violation> violations) {
        if (template == null || template.isBlank()) {
            violations.add(new Violation(field, field + ".required", field + " is required, e.g. "
                    + (field.endsWith("partition") ? "ds=${partition}" : field.endsWith("startTime") ? "${startTime}" : "${endTime}")));
            return null;
        }
        Matcher matcher = REFERENCE.matcher(template);
        StringBuilder substituted = new StringBuilder();
        boolean ok = true;
        while (matcher.find()) {
            String name = matcher.group(1).trim();
            String replacement;
            if (values.containsKey(name)) {
                replacement = values.get(name);
                if (replacement == null) {
                    ok = false;
                    replacement = matcher.group();
                }
            } else if (isParameterName(name)) {
                violations.add(new Violation(field, "parameter.undefined", field + " refers to ${" + name
                        + "}, but no scheduling parameter '" + name + "' is defined (add parameters." + name + ", e.g. "
                        + name + "=$[yyyymmddhh24-1/24]0000)"));
                ok = false;
                replacement = matcher.group();
            } else {
                replacement = matcher.group(); // a business-date expression such as ${yyyymmdd}
            }
            matcher.appendReplacement(substituted, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(substituted);
        if (!ok) {
            return null;
        }
        try {
            return SchedulingParameters.evaluate(substituted.toString(), scheduled);
        } catch (InvalidSyncJobException e) {
            violations.addAll(e.under(field).violations());
            return null;
        }
    }

    private Instant timestamp(String field, String template, String value, List<Violation> violations) {
        if (value == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(value, TIMESTAMP).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            violations.add(new Violation(field, "time.format", field + " '" + template + "' evaluates to '" + value
                    + "'; it must evaluate to 14 digits yyyymmddhh24miss, e.g. $[yyyymmddhh24-1/24]0000"));
            return null;
        }
    }
}
