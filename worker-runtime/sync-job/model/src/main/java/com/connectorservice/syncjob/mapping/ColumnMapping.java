package com.connectorservice.syncjob.mapping;

/** One line of the field mapping: the Kafka-side field (a {@link SourceField}) and the target column. */
public record ColumnMapping(String source, String column) {
}
