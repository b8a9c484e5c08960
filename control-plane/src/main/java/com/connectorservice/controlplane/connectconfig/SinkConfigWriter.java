package com.connectorservice.controlplane.connectconfig;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.connectorservice.contracts.sink.ConfigProblem;

/**
 * A sink config being written from a definition. Each key remembers the definition field it was written from, so a
 * rule of the sink's spec that the config breaks is reported on the field the user can change.
 */
public final class SinkConfigWriter {

    private static final String WHOLE_DESTINATION = "destination";

    private final Map<String, String> config = new LinkedHashMap<>();
    private final Map<String, String> fieldOfKey = new HashMap<>();
    private final Map<String, String> noteOfKey = new HashMap<>();

    /** Writes the value when it is present (not null, not blank); the key belongs to {@code field} either way. */
    public SinkConfigWriter put(String key, Object value, String field) {
        fieldOfKey.put(key, field);
        if (value != null && !(value instanceof String s && s.isBlank())) {
            config.put(key, String.valueOf(value));
        }
        return this;
    }

    /** A comma-separated LIST value; nothing for an empty list. */
    public SinkConfigWriter putList(String key, List<String> values, String field) {
        return put(key, values == null ? null : values.stream().collect(Collectors.joining(",")), field);
    }

    /**
     * A value that does not come from the definition but from the service (its own AccessKey, its region): reported on
     * {@code field} with {@code note} saying what the operator must set.
     */
    public SinkConfigWriter putFromService(String key, Object value, String field, String note) {
        noteOfKey.put(key, note);
        return put(key, value, field);
    }

    /** A Connect key (class, converters, error handling) rather than a sink key. */
    public SinkConfigWriter putConnect(String key, String value) {
        config.put(key, value);
        return this;
    }

    public Map<String, String> config() {
        return config;
    }

    /** The definition field the key was written from, or {@code fallback} when it has not been written. */
    public String fieldOf(String key, String fallback) {
        return fieldOfKey.getOrDefault(key, fallback);
    }

    /** The spec's problems with this config, each on the definition field its key was written from. */
    List<ConfigProblemAt> locate(List<ConfigProblem> problems) {
        return problems.stream().map(problem -> {
            String note = noteOfKey.get(problem.key());
            String message = problem.describe() + (note == null ? "" : " (" + note + ")");
            return new ConfigProblemAt(fieldOfKey.getOrDefault(problem.key(), WHOLE_DESTINATION), problem.key(),
                    problem.rule(), message, note != null);
        }).toList();
    }
}
