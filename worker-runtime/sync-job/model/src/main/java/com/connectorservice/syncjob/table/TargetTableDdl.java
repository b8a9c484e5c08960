package com.connectorservice.syncjob.table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.connectorservice.syncjob.InvalidSyncJobException;
import com.connectorservice.syncjob.mapping.KafkaField;

/**
 * "Generate target table" (seed 002 appendix): a table named after the topic, the six Kafka fields as columns,
 * lifecycle 100 years, and the partition columns of the job's partition expression as STRING partition columns.
 * A topic name with characters MaxCompute table names do not allow ({@code .} or {@code -}) gets {@code _} there.
 */
public final class TargetTableDdl {

    /** 100 years, in days (MaxCompute's LIFECYCLE unit). */
    public static final int LIFECYCLE_DAYS = 36500;

    private TargetTableDdl() {
    }

    public static String tableName(String topic) {
        String name = topic.replaceAll("[^A-Za-z0-9_]", "_");
        return Character.isLetter(name.charAt(0)) ? name : "t_" + name;
    }

    /**
     * @param partition the job's partition expression, e.g. {@code ds=${partition}} or {@code ds=${day},hh=${hour}}
     */
    public static String createTable(String topic, String partition) {
        List<String> partitionColumns = partitionColumns(partition);
        StringBuilder sql = new StringBuilder("CREATE TABLE IF NOT EXISTS `").append(tableName(topic)).append("` (\n");
        KafkaField[] fields = KafkaField.values();
        for (int i = 0; i < fields.length; i++) {
            sql.append("  `").append(fields[i].fieldName()).append("` ").append(fields[i].columnType())
                    .append(" COMMENT '").append(comment(fields[i])).append('\'')
                    .append(i < fields.length - 1 ? ",\n" : "\n");
        }
        sql.append(")\nCOMMENT 'Kafka topic ").append(topic.replace("'", "")).append("'\n");
        if (!partitionColumns.isEmpty()) {
            sql.append("PARTITIONED BY (");
            for (int i = 0; i < partitionColumns.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append('`').append(partitionColumns.get(i)).append("` STRING");
            }
            sql.append(")\n");
        }
        return sql.append("LIFECYCLE ").append(LIFECYCLE_DAYS).append(';').toString();
    }

    /** The column names of a partition expression, in order. */
    public static List<String> partitionColumns(String partition) {
        List<String> columns = new ArrayList<>();
        if (partition == null || partition.isBlank()) {
            return columns;
        }
        for (String pair : partition.split(",")) {
            int equals = pair.indexOf('=');
            String column = (equals < 0 ? pair : pair.substring(0, equals)).trim();
            if (!column.matches("[A-Za-z][A-Za-z0-9_]*")) {
                throw new InvalidSyncJobException("destination.partition", "partition.format", "partition '" + partition
                        + "': '" + column + "' is not a partition column name; write column=value, e.g. ds=${partition}");
            }
            columns.add(column.toLowerCase(Locale.ROOT));
        }
        return columns;
    }

    private static String comment(KafkaField field) {
        return switch (field) {
            case KEY -> "Kafka record key";
            case VALUE -> "Kafka record value";
            case PARTITION -> "Kafka partition, from 0";
            case HEADERS -> "Kafka record headers";
            case OFFSET -> "offset in the partition, from 0";
            case TIMESTAMP -> "13-digit millisecond timestamp";
        };
    }
}
