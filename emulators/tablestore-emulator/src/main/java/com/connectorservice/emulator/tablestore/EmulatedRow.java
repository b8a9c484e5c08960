package com.connectorservice.emulator.tablestore;

import java.util.Map;

/**
 * A wide-column row as stored, for assertions in other modules' tests: primary key columns in schema order and the
 * newest version of each attribute column in name order. Values are {@code String}, {@code Long}, {@code byte[]},
 * {@code Double} or {@code Boolean}.
 */
public record EmulatedRow(Map<String, Object> primaryKey, Map<String, Object> columns) {
}
