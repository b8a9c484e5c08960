package com.connectorservice.emulator.maxcompute.tunnel;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.zip.ZipException;

import com.connectorservice.emulator.maxcompute.ServiceException;
import com.connectorservice.emulator.maxcompute.catalog.Column;
import com.connectorservice.emulator.maxcompute.catalog.Durable;

/**
 * Receives one block or pack: decompresses it, verifies every record against the schema and the checksums
 * while copying the uncompressed stream to a temporary file, and forces the file to disk. Nothing invalid
 * or half-written ever gets a visible name.
 */
final class BlockWriter {

    private BlockWriter() {
    }

    /** A verified block on disk, not yet visible. */
    record ReceivedBlock(Path file, long recordCount) {
    }

    static ReceivedBlock receive(List<Column> columns, String contentEncoding, InputStream body, Path directory) {
        Path tmp = directory.resolve("." + UUID.randomUUID() + ".receiving");
        try {
            Durable.createDirectories(directory);
            long count;
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(tmp), 64 * 1024)) {
                RecordStreamFormat.Decoder decoder = new RecordStreamFormat.Decoder(columns,
                        Compression.decode(contentEncoding, body), file, false);
                while (decoder.next() != null) {
                    // decoding verifies each record
                }
                count = decoder.count();
            }
            Durable.force(tmp);
            return new ReceivedBlock(tmp, count);
        } catch (ServiceException e) {
            Durable.deleteQuietly(tmp);
            throw e;
        } catch (ZipException | java.io.EOFException e) {
            Durable.deleteQuietly(tmp);
            throw RecordStreamFormat.malformed("cannot read the request body: " + e.getMessage());
        } catch (IOException e) {
            Durable.deleteQuietly(tmp);
            if (isCorruptCompression(e)) {
                throw RecordStreamFormat.malformed("cannot decompress the request body: " + e.getMessage());
            }
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            Durable.deleteQuietly(tmp);
            if (e.getClass().getName().startsWith("net.jpountz") || e.getClass().getName().startsWith("org.xerial")) {
                throw RecordStreamFormat.malformed("cannot decompress the request body: " + e.getMessage());
            }
            throw e;
        }
    }

    private static boolean isCorruptCompression(IOException e) {
        String name = e.getClass().getName();
        return name.startsWith("net.jpountz") || name.startsWith("org.xerial")
                || String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("checksum")
                || String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("corrupt");
    }
}
