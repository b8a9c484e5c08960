package com.connectorservice.contracts.sink;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;

/** Enum-valued keys: the validator lists the values; parsing ignores case and surrounding blanks. */
public final class Choice {

    private Choice() {
    }

    /** Accepts any case; lists the names in the case the spec writes them (upper or lower). */
    public static ConfigDef.Validator of(Enum<?>[] values, boolean lowerCase) {
        List<String> names = Arrays.stream(values).map(v -> lowerCase ? v.name().toLowerCase(Locale.ROOT) : v.name())
                .toList();
        return new ConfigDef.Validator() {
            @Override
            public void ensureValid(String name, Object value) {
                if (value == null || names.stream().noneMatch(n -> n.equalsIgnoreCase(value.toString().trim()))) {
                    throw new ConfigException(name, value, "must be one of "
                            + String.join(", ", Arrays.stream(values).map(Enum::name).toList()) + " (any case)");
                }
            }

            @Override
            public String toString() {
                return String.join(", ", names);
            }
        };
    }

    public static <E extends Enum<E>> E parse(Class<E> type, String key, String value) {
        try {
            return Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ConfigException(key, value, "must be one of " + Arrays.toString(type.getEnumConstants()));
        }
    }

    /** The constant a value names, or null when it names none (a rule between keys skips what the key's own check reports). */
    public static <E extends Enum<E>> E parseOrNull(Class<E> type, String value) {
        try {
            return value == null ? null : Enum.valueOf(type, value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The spelling a key's value takes in a config: the constant's name in lower case (e.g. {@code record_key}). */
    public static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** Case-insensitive equality of a config value and a constant; a missing value matches nothing. */
    public static boolean is(String value, Enum<?> constant) {
        return value != null && value.trim().equalsIgnoreCase(constant.name());
    }
}
