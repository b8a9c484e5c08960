package com.connectorservice.emulator.tablestore;

import java.util.Map;

/**
 * A stored time series row, for assertions in other modules' tests: its timeline (measurement, data source, tags),
 * its time in microseconds and its fields ({@code String}, {@code Long}, {@code byte[]}, {@code Double} or
 * {@code Boolean}).
 */
public record EmulatedTimeseriesRow(String measurement, String dataSource, Map<String, String> tags, long timeMicros,
                                    Map<String, Object> fields) {
}
