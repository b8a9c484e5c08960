package com.connectorservice.emulator.maxcompute.tunnel;

import java.io.BufferedOutputStream;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

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

    /** Reading the client's bytes failed: the client went away, nobody is left to answer. */
    private static final class ClientGone extends IOException {
        private static final long serialVersionUID = 1L;

        ClientGone(IOException cause) {
            super(cause);
        }
    }

    /** Writing the block to disk failed: a storage error, not the client's fault. */
    private static final class StorageFailed extends IOException {
        private static final long serialVersionUID = 1L;

        StorageFailed(IOException cause) {
            super(cause);
        }
    }

    static ReceivedBlock receive(List<Column> columns, String contentEncoding, InputStream body, Path directory) {
        Path tmp = directory.resolve("." + UUID.randomUUID() + ".receiving");
        try {
            Durable.createDirectories(directory);
            long count;
            try (OutputStream file = new BufferedOutputStream(storage(Files.newOutputStream(tmp)), 64 * 1024)) {
                RecordStreamFormat.Decoder decoder = new RecordStreamFormat.Decoder(columns,
                        Compression.decode(contentEncoding, client(body)), file, false);
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
        } catch (ClientGone | StorageFailed e) {
            Durable.deleteQuietly(tmp);
            throw new UncheckedIOException(e);
        } catch (IOException | RuntimeException e) {
            // what is left is the body itself: truncated, or not the compression it claims (the codecs
            // throw IOExceptions and, for lz4, runtime exceptions)
            Durable.deleteQuietly(tmp);
            throw RecordStreamFormat.malformed("cannot read the request body: " + e.getMessage());
        }
    }

    private static InputStream client(InputStream body) {
        return new FilterInputStream(body) {
            @Override
            public int read() throws IOException {
                try {
                    return super.read();
                } catch (IOException e) {
                    throw new ClientGone(e);
                }
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (IOException e) {
                    throw new ClientGone(e);
                }
            }
        };
    }

    private static OutputStream storage(OutputStream file) {
        return new FilterOutputStream(file) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    out.write(b, off, len);
                } catch (IOException e) {
                    throw new StorageFailed(e);
                }
            }

            @Override
            public void write(int b) throws IOException {
                try {
                    out.write(b);
                } catch (IOException e) {
                    throw new StorageFailed(e);
                }
            }
        };
    }
}
