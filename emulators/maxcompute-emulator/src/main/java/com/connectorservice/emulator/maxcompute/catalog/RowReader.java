package com.connectorservice.emulator.maxcompute.catalog;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
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

    /** The rows of {@code segments} one by one, decoding one stored chunk at a time (bounded memory). */
    public static Iterator<Object[]> iterator(DataStore store, List<Column> columns, List<Segment> segments) {
        return new Iterator<>() {
            private int segment;
            private int chunk;
            private RecordStreamFormat.Decoder decoder;
            private Object[] next;

            @Override
            public boolean hasNext() {
                try {
                    while (next == null) {
                        if (decoder != null && (next = decoder.next()) != null) {
                            break;
                        }
                        if (segment >= segments.size()) {
                            return false;
                        }
                        Segment current = segments.get(segment);
                        if (chunk >= current.chunks()) {
                            segment++;
                            chunk = 0;
                            decoder = null;
                            continue;
                        }
                        byte[] bytes = store.chunk(current.dataId(), chunk++);
                        if (bytes == null) {
                            throw new IOException("records " + current.dataId() + " are gone (dropped or overwritten"
                                    + " meanwhile)");
                        }
                        decoder = RecordStreamFormat.Decoder.ofStoredRecords(columns, new ByteArrayInputStream(bytes));
                    }
                    return true;
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read stored records", e);
                }
            }

            @Override
            public Object[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Object[] row = next;
                next = null;
                return row;
            }
        };
    }
}
