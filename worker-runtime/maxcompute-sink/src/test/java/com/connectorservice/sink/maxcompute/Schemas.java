package com.connectorservice.sink.maxcompute;

import com.aliyun.odps.Column;
import com.aliyun.odps.TableSchema;
import com.aliyun.odps.type.TypeInfoParser;

/** Table schemas written like the column list of a CREATE TABLE, partitioned by pt STRING. */
final class Schemas {
    private Schemas() {
    }

    static TableSchema of(String columns) {
        TableSchema schema = new TableSchema();
        for (String column : columns.split(",(?![^(<]*[)>])")) {
            String[] parts = column.trim().replace("`", "").split("\\s+", 2);
            schema.addColumn(new Column(parts[0], TypeInfoParser.getTypeInfoFromTypeString(parts[1])));
        }
        schema.addPartitionColumn(new Column("pt", TypeInfoParser.getTypeInfoFromTypeString("STRING")));
        return schema;
    }
}
