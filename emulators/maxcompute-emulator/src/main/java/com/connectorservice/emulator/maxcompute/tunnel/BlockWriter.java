package com.connectorservice.emulator.maxcompute.tunnel;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;

import com.connectorservice.emulator.maxcompute.ServiceException;
import com.connectorservice.emulator.maxcompute.catalog.Column;
import com.connectorservice.emulator.maxcompute.catalog.DataStore;

/**
 * Receives one block or pack: decompresses it and verifies every record against the schema and the checksums while
 * the records go to the store. Nothing is visible or acknowledged before the whole stream checked out.
 */
final class BlockWriter {

    private BlockWriter() {
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

    /**
     * Decompresses and verifies a block or pack while its records are stored (not yet durable, not yet visible); the
     * returned writer completes the segment into the batch that publishes it.
     */
    static SegmentWriter receive(List<Column> columns, String contentEncoding, InputStream body, DataStore store) {
        SegmentWriter segment = new SegmentWriter(store);
        try {
            RecordStreamFormat.Decoder decoder = new RecordStreamFormat.Decoder(columns,
                    Compression.decode(contentEncoding, client(body)), storage(segment), false);
            while (decoder.next() != null) {
                try {
                    segment.recordEnd(decoder.bytesRead());
                } catch (IOException e) {
                    throw new StorageFailed(e);
                }
            }
            return segment;
        } catch (ServiceException e) {
            segment.discard();
            throw e;
        } catch (ClientGone | StorageFailed e) {
            segment.discard();
            throw new UncheckedIOException(e);
        } catch (IOException | RuntimeException e) {
            segment.discard();
            // what is left is the body itself: truncated, or not the compression it claims (the codecs
            // throw IOExceptions and, for lz4, runtime exceptions)
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
