package com.connectorservice.emulator.maxcompute.catalog;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Predicate;

import com.connectorservice.emulator.maxcompute.tunnel.RecordStreamFormat;

/** Streams the committed rows of segments, decoding each stored chunk against the table's columns. */
public final class RowReader {

    private RowReader() {
    }

    /**
     * Feeds rows to {@code consumer} in commit order until it returns false.
     *
     * @return false when the consumer stopped early
     */
    public static boolean forEach(DataStore store, List<Column> columns, List<Segment> segments,
                                  Predicate<Object[]> consumer) {
        for (Segment segment : segments) {
            for (byte[] chunk : store.chunks(segment)) {
                try {
                    RecordStreamFormat.Decoder decoder = RecordStreamFormat.Decoder.ofStoredRecords(columns,
                            new ByteArrayInputStream(chunk));
                    Object[] row;
                    while ((row = decoder.next()) != null) {
                        if (!consumer.test(row)) {
                            return false;
                        }
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read stored records " + segment.dataId(), e);
                }
            }
        }
        return true;
    }
}
