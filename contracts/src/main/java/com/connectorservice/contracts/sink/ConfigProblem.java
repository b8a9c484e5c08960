package com.connectorservice.contracts.sink;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigValue;

/**
 * A sink config that breaks a rule: the key at fault, the rule's short name (e.g. {@code mode}, {@code required}) and a
 * sentence saying what to change. The sink attaches it to the key's {@link ConfigValue}; the control plane to the
 * definition field the key was mapped from.
 */
public record ConfigProblem(String key, String rule, String message) {

    /** "key: message", as a person reads it in a log or a REST answer. */
    public String describe() {
        return key + ": " + message;
    }

    /**
     * Every problem of a config, the one rule both sinks and the control plane attach errors by: each key checked by
     * {@code configDef} (Connect's own per-key validation), then the spec's rules between keys, each kept only when its
     * key has no error of its own (the key's own error says more). Rules between keys read values leniently: a value
     * that does not parse is the key's own error, not theirs.
     */
    public static List<ConfigProblem> of(ConfigDef configDef, Map<String, String> props,
            Function<Map<String, String>, List<ConfigProblem>> crossFieldRules) {
        List<ConfigProblem> problems = new ArrayList<>();
        Set<String> keysWithErrors = new HashSet<>();
        for (ConfigValue value : configDef.validate(props)) {
            for (String message : value.errorMessages()) {
                problems.add(new ConfigProblem(value.name(), "invalid", message));
                keysWithErrors.add(value.name());
            }
        }
        for (ConfigProblem problem : crossFieldRules.apply(props)) {
            if (keysWithErrors.add(problem.key())) {
                problems.add(problem);
            }
        }
        return List.copyOf(problems);
    }

    /** The problems as Connect's validate answer shows them: added to each key's value, a new value for an unknown key. */
    public static void attach(List<ConfigProblem> problems, List<ConfigValue> values) {
        for (ConfigProblem problem : problems) {
            ConfigValue target = values.stream().filter(v -> v.name().equals(problem.key())).findFirst().orElseGet(() -> {
                ConfigValue added = new ConfigValue(problem.key());
                values.add(added);
                return added;
            });
            String message = "invalid".equals(problem.rule()) ? problem.message() : problem.describe();
            if (!target.errorMessages().contains(message)) {
                target.addErrorMessage(message);
            }
        }
    }
}
