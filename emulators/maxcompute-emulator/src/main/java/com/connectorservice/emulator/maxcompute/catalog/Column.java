package com.connectorservice.emulator.maxcompute.catalog;

import java.util.Locale;

/**
 * A table or partition column. {@code declaredType} keeps what the DDL said (for example
 * {@code decimal(10,2)}) because the SDK parses it back into its own type info.
 */
public record Column(String name, String declaredType, String comment) {

    public Column {
        name = name.toLowerCase(Locale.ROOT);
        declaredType = declaredType.toLowerCase(Locale.ROOT).replace(" ", "");
        DataType.parse(declaredType);
        comment = comment == null ? "" : comment;
    }

    public ColumnType type() {
        return ColumnType.parse(declaredType);
    }

    public DataType dataType() {
        return DataType.parse(declaredType);
    }
}
