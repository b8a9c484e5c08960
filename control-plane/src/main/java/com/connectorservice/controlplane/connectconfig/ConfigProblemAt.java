package com.connectorservice.controlplane.connectconfig;

/**
 * A rule of the sink's spec that a mapped config breaks, located on the definition field the key was written from.
 *
 * @param field   the definition's field path, e.g. {@code destination.format}
 * @param key     the sink key at fault, e.g. {@code format}
 * @param rule    the spec's short name of the rule, e.g. {@code mode}
 * @param message     "key: what to change", in the spec's words
 * @param fromService the value comes from the connector service's own settings (its AccessKey, region), not from the
 *                    definition: the operator, not the user, can fix it
 */
public record ConfigProblemAt(String field, String key, String rule, String message, boolean fromService) {
}
