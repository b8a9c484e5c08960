package com.connectorservice.emulator.tablestore;

import com.alicloud.openservices.tablestore.core.protocol.PlainBufferBuilder;
import com.alicloud.openservices.tablestore.core.protocol.PlainBufferCodedInputStream;
import com.alicloud.openservices.tablestore.core.protocol.PlainBufferCodedOutputStream;
import com.alicloud.openservices.tablestore.core.protocol.PlainBufferConversion;
import com.alicloud.openservices.tablestore.core.protocol.PlainBufferInputStream;
import com.alicloud.openservices.tablestore.core.protocol.PlainBufferOutputStream;
import com.alicloud.openservices.tablestore.core.protocol.PlainBufferRow;
import com.alicloud.openservices.tablestore.model.PrimaryKey;
import com.aliyun.ots.thirdparty.com.google.protobuf.ByteString;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;

/** Reads and writes the SDK's PlainBuffer row encoding with the SDK's own codec classes. */
final class PlainBuffers {
    private PlainBuffers() {
    }

    static List<PlainBufferRow> readRows(ByteString bytes, String field) {
        return readRows(bytes.asReadOnlyByteBuffer(), field);
    }

    static List<PlainBufferRow> readRows(ByteBuffer bytes, String field) {
        try {
            return new PlainBufferCodedInputStream(new PlainBufferInputStream(bytes)).readRowsWithHeader();
        } catch (IOException | RuntimeException e) {
            throw OtsException.parameterInvalid("Invalid PlainBuffer in " + field + ": " + e.getMessage());
        }
    }

    static PlainBufferRow readSingleRow(ByteString bytes, String field) {
        List<PlainBufferRow> rows = readRows(bytes, field);
        if (rows.size() != 1) {
            throw OtsException.parameterInvalid(field + " must hold exactly one row, it holds " + rows.size());
        }
        return rows.get(0);
    }

    static PrimaryKey readPrimaryKey(ByteString bytes, String field) {
        PlainBufferRow row = readSingleRow(bytes, field);
        try {
            return PlainBufferConversion.toPrimaryKey(row.getPrimaryKey());
        } catch (IOException | RuntimeException e) {
            throw OtsException.parameterInvalid("Invalid primary key in " + field + ": " + e.getMessage());
        }
    }

    static ByteString writeRows(List<PlainBufferRow> rows) {
        if (rows.isEmpty()) {
            return ByteString.EMPTY;
        }
        try {
            int size = 4;
            for (PlainBufferRow row : rows) {
                size += PlainBufferBuilder.computePlainBufferRow(row);
            }
            PlainBufferOutputStream output = new PlainBufferOutputStream(size);
            PlainBufferCodedOutputStream coded = new PlainBufferCodedOutputStream(output);
            coded.writeHeader();
            for (PlainBufferRow row : rows) {
                coded.writeRow(row);
            }
            return ByteString.copyFrom(output.getBuffer());
        } catch (IOException e) {
            throw OtsException.internal("Cannot encode rows: " + e.getMessage());
        }
    }

    static ByteString writePrimaryKey(PrimaryKey primaryKey) {
        try {
            return ByteString.copyFrom(PlainBufferBuilder.buildPrimaryKeyWithHeader(primaryKey));
        } catch (IOException e) {
            throw OtsException.internal("Cannot encode primary key: " + e.getMessage());
        }
    }
}
