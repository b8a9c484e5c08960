package com.connectorservice.emulator.maxcompute.catalog;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Predicate;

import com.connectorservice.emulator.maxcompute.tunnel.RecordStreamFormat;

/** Streams the committed rows of a partition, decoding each stored block against the table's columns. */
public final class RowReader {

    private RowReader() {
    }

    /**
     * Feeds rows to {@code consumer} in commit order until it returns false.
     *
     * @return false when the consumer stopped early
     */
    public static boolean forEach(List<Column> columns, List<StoredBlock> blocks, Predicate<Object[]> consumer) {
        for (StoredBlock block : blocks) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(block.file()), 64 * 1024)) {
                RecordStreamFormat.Decoder decoder = new RecordStreamFormat.Decoder(columns, in, null);
                Object[] row;
                while ((row = decoder.next()) != null) {
                    if (!consumer.test(row)) {
                        return false;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read stored block " + block.file(), e);
            }
        }
        return true;
    }
}
