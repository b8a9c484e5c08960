package com.connectorservice.syncjob;

/**
 * One broken rule of a sync job definition: {@code field} is the JSON path of the offending value in the job
 * (e.g. {@code mapping[2].source}), {@code rule} a stable identifier (e.g. {@code mapping.source.duplicate}).
 */
public record Violation(String field, String rule, String message) {
}
