package com.connectorservice.syncjob.mapping;

import java.util.Arrays;
import java.util.Optional;

/** The six fields every Kafka record offers (seed 002 "Kafka侧字段中默认的6个字段"). */
public enum KafkaField {
    /** The record's key. */
    KEY("__key__", "STRING"),
    /** The record's value. */
    VALUE("__value__", "STRING"),
    /** The partition number, from 0. */
    PARTITION("__partition__", "BIGINT"),
    /** The record's headers, as a JSON object of header name to value. */
    HEADERS("__headers__", "STRING"),
    /** The offset in its partition, from 0. */
    OFFSET("__offset__", "BIGINT"),
    /** The 13-digit millisecond timestamp. */
    TIMESTAMP("__timestamp__", "BIGINT");

    private final String fieldName;
    private final String columnType;

    KafkaField(String fieldName, String columnType) {
        this.fieldName = fieldName;
        this.columnType = columnType;
    }

    public String fieldName() {
        return fieldName;
    }

    /** The MaxCompute type of its column in the generated target table. */
    public String columnType() {
        return columnType;
    }

    public static Optional<KafkaField> byName(String name) {
        return Arrays.stream(values()).filter(f -> f.fieldName.equals(name)).findFirst();
    }
}
