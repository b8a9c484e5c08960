package com.connectorservice.emulator.tablestore;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * Append-only log of state changes in the data directory. Each record is {@code length, type, fields, crc32}; a torn
 * record at the tail (the process died mid-write) is dropped on replay. Writes reach the operating system before the
 * emulator answers the request that made them ({@link #flush()}), so acknowledged data survives a restart of the
 * emulator process; {@code fsync} additionally forces them to the disk.
 */
final class Journal implements AutoCloseable {
    static final String FILE_NAME = "tablestore.journal";
    private static final int MAX_RECORD_BYTES = 64 * 1024 * 1024;

    record Entry(byte type, byte[][] fields) {
    }

    private final Path file;
    private final boolean fsync;
    private FileOutputStream fileStream;
    private DataOutputStream out;

    private Journal(Path file, boolean fsync) {
        this.file = file;
        this.fsync = fsync;
    }

    /** Replays the existing journal into {@code replay}, then rewrites it compactly from {@code snapshot}. */
    static Journal open(Path directory, boolean fsync, Consumer<Entry> replay, Consumer<Journal> snapshot)
            throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(FILE_NAME);
        if (Files.exists(file)) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                readAll(in, replay);
            }
        }
        Path compacted = directory.resolve(FILE_NAME + ".compacting");
        Journal journal = new Journal(compacted, true);
        journal.openStream(false);
        snapshot.accept(journal);
        journal.flush();
        journal.close();
        Files.move(compacted, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Journal live = new Journal(file, fsync);
        live.openStream(true);
        return live;
    }

    private void openStream(boolean append) throws IOException {
        fileStream = new FileOutputStream(file.toFile(), append);
        out = new DataOutputStream(new BufferedOutputStream(fileStream, 1 << 16));
    }

    private static void readAll(InputStream stream, Consumer<Entry> replay) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        while (true) {
            int length;
            try {
                length = in.readInt();
            } catch (EOFException end) {
                return;
            }
            if (length < 1 || length > MAX_RECORD_BYTES) {
                return;
            }
            byte[] body = new byte[length];
            long crc;
            try {
                in.readFully(body);
                crc = in.readInt() & 0xffffffffL;
            } catch (EOFException torn) {
                return;
            }
            CRC32 check = new CRC32();
            check.update(body);
            if (check.getValue() != crc) {
                return;
            }
            DataInputStream fields = new DataInputStream(new java.io.ByteArrayInputStream(body));
            byte type = fields.readByte();
            List<byte[]> values = new ArrayList<>();
            while (fields.available() > 0) {
                byte[] value = new byte[fields.readInt()];
                fields.readFully(value);
                values.add(value);
            }
            replay.accept(new Entry(type, values.toArray(new byte[0][])));
        }
    }

    synchronized void append(byte type, byte[]... fields) {
        try {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream(64);
            DataOutputStream body = new DataOutputStream(buffer);
            body.writeByte(type);
            for (byte[] field : fields) {
                body.writeInt(field.length);
                body.write(field);
            }
            byte[] bytes = buffer.toByteArray();
            CRC32 crc = new CRC32();
            crc.update(bytes);
            out.writeInt(bytes.length);
            out.write(bytes);
            out.writeInt((int) crc.getValue());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the journal " + file, e);
        }
    }

    /** Makes every appended record durable; called before a request that changed state is answered. */
    synchronized void flush() {
        try {
            out.flush();
            if (fsync) {
                fileStream.getFD().sync();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot flush the journal " + file, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.flush();
        out.close();
    }
}
