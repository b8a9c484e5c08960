package com.connectorservice.sink.maxcompute;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.xerial.snappy.SnappyFramedInputStream;

import com.aliyun.odps.Column;
import com.aliyun.odps.OdpsType;
import com.aliyun.odps.TableSchema;
import com.aliyun.odps.commons.proto.ProtobufRecordStreamWriter;
import com.aliyun.odps.data.ArrayRecord;
import com.aliyun.odps.tunnel.io.CompressOption;

class RecordBlockEncoderTest {

    private static final Column[] TEXT_TABLE = {new Column("topic", OdpsType.STRING),
            new Column("partition", OdpsType.BIGINT), new Column("offset", OdpsType.BIGINT),
            new Column("key", OdpsType.STRING), new Column("value", OdpsType.STRING),
            new Column("insert_time", OdpsType.BIGINT)};

    @Test
    void writesTheSameRecordStreamAsTheSdk() throws Exception {
        List<Object[]> rows = new ArrayList<>();
        rows.add(new Object[] {"orders".getBytes(StandardCharsets.UTF_8), 0L, 0L, null, "a".getBytes(StandardCharsets.UTF_8), 1L});
        rows.add(new Object[] {"orders", 3L, Long.MAX_VALUE, "键", "值 ünïcode", -1_700_000_000_000L});
        rows.add(new Object[] {"orders", -5L, 12345L, new byte[0], "x".repeat(200_000).getBytes(StandardCharsets.UTF_8), null});
        for (int i = 0; i < 5_000; i++) {
            rows.add(new Object[] {"orders", (long) (i % 4), (long) i, null, ("seq=" + i + " payload").getBytes(StandardCharsets.UTF_8),
                    1_700_000_000_000L + i});
        }

        assertThat(decompressed(RecordBlockEncoder.forColumns(TEXT_TABLE).encode(rows))).isEqualTo(sdkEncoded(rows));
    }

    @Test
    void aBlockEncodedInTheBuffersOfOneSentBeforeHoldsOnlyItsOwnRows() throws Exception {
        RecordBlockEncoder encoder = RecordBlockEncoder.forColumns(TEXT_TABLE);
        List<Object[]> large = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            large.add(new Object[] {"orders", 0L, (long) i, null, ("first block " + i).getBytes(StandardCharsets.UTF_8), 1L});
        }
        List<Object[]> small = new ArrayList<>();
        small.add(new Object[] {"orders", 1L, 7L, "k", "second block".getBytes(StandardCharsets.UTF_8), 2L});

        try (RecordBlockEncoder.EncodedBlock first = encoder.encode(large)) {
            assertThat(decompressed(first)).isEqualTo(sdkEncoded(large));
        }
        try (RecordBlockEncoder.EncodedBlock second = encoder.encode(small)) {
            assertThat(second.getSize()).isEqualTo(1);
            assertThat(decompressed(second)).isEqualTo(sdkEncoded(small));
        }
    }

    private static byte[] decompressed(RecordBlockEncoder.EncodedBlock block) throws Exception {
        try (SnappyFramedInputStream in = new SnappyFramedInputStream(new ByteArrayInputStream(
                block.getProtobufStream().toByteArray()))) {
            return in.readAllBytes();
        }
    }

    @Test
    void leavesOtherColumnTypesToTheSdk() {
        assertThat(RecordBlockEncoder.forColumns(new Column[] {new Column("topic", OdpsType.STRING),
                new Column("amount", OdpsType.DOUBLE)})).isNull();
        assertThat(RecordBlockEncoder.forColumns(TEXT_TABLE)).isNotNull();
    }

    private static byte[] sdkEncoded(List<Object[]> rows) throws Exception {
        TableSchema schema = new TableSchema();
        for (Column column : TEXT_TABLE) {
            schema.addColumn(column);
        }
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        ProtobufRecordStreamWriter writer = new ProtobufRecordStreamWriter(schema, raw,
                new CompressOption(CompressOption.CompressAlgorithm.ODPS_RAW, 0, 0));
        ArrayRecord record = new ArrayRecord(TEXT_TABLE);
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                record.set(i, row[i]);
            }
            writer.write(record);
        }
        writer.close();
        return raw.toByteArray();
    }
}
