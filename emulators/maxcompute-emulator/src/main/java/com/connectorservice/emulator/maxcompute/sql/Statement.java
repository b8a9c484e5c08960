package com.connectorservice.emulator.maxcompute.sql;

import java.util.List;
import java.util.Map;

import com.connectorservice.emulator.maxcompute.catalog.Column;

/** The statements the emulator runs itself; queries go to {@link Queries}. */
public sealed interface Statement {

    /** {@code project.table}, {@code project.schema.table} or {@code table}; project null means the current one. */
    record TableName(String project, String table) {
    }

    record Set(String key, String value) implements Statement {
    }

    /** {@code primaryKey} and {@code properties} (TBLPROPERTIES) make a transactional (Delta) table. */
    record CreateTable(TableName name, boolean ifNotExists, List<Column> columns, List<Column> partitionColumns,
                       String comment, List<String> primaryKey, Map<String, String> properties) implements Statement {
    }

    /** {@code ALTER TABLE t ADD COLUMNS (...)}: new columns at the end. */
    record AddColumns(TableName name, List<Column> columns) implements Statement {
    }

    /** {@code ALTER TABLE t CHANGE [COLUMN] old new type}: a rename and/or a compatible type change. */
    record ChangeColumn(TableName name, String column, Column changed) implements Statement {
    }

    record AddPartitions(TableName name, boolean ifNotExists, List<Map<String, String>> partitions)
            implements Statement {
    }

    record DropPartitions(TableName name, boolean ifExists, List<Map<String, String>> partitions)
            implements Statement {
    }

    record DropTable(TableName name, boolean ifExists) implements Statement {
    }

    record ShowPartitions(TableName name) implements Statement {
    }

    record ShowTables() implements Statement {
    }

    /** {@code DESC[RIBE] t}: the table's owner, times, size, columns and partition columns. */
    record Describe(TableName name) implements Statement {
    }

    /** {@code ADD USER}, {@code GRANT|REVOKE ... ON PROJECT|TABLE ...}: recorded, enforced by the Authorizer. */
    record Security(String text) implements Statement {
    }
}
