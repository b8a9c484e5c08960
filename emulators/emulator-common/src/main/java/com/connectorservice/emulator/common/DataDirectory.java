package com.connectorservice.emulator.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The directory an emulator keeps its data in, held with a lock file so that a second emulator refuses it instead of
 * overwriting what the first one writes. Without a configured directory, a temporary one deleted on close.
 */
public final class DataDirectory implements AutoCloseable {

    private static final String LOCK_FILE = ".lock";

    private final Path path;
    private final boolean temporary;
    private final FileChannel lock;

    private DataDirectory(Path path, boolean temporary, FileChannel lock) {
        this.path = path;
        this.temporary = temporary;
        this.lock = lock;
    }

    /**
     * Creates (if needed) and locks {@code configured}, or a new temporary directory when it is null.
     *
     * @throws IllegalStateException when another emulator holds the directory
     */
    public static DataDirectory open(Path configured, String emulatorName) {
        try {
            Path path = configured != null ? configured.toAbsolutePath()
                    : Files.createTempDirectory(emulatorName.toLowerCase(java.util.Locale.ROOT)
                            .replaceAll("[^a-z0-9]+", "-"));
            Files.createDirectories(path);
            FileChannel channel = FileChannel.open(path.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            try {
                if (channel.tryLock() != null) {
                    return new DataDirectory(path, configured == null, channel);
                }
            } catch (OverlappingFileLockException e) {
                // held by another emulator in this JVM
            }
            channel.close();
            throw new IllegalStateException("data directory " + path + " is in use by another " + emulatorName);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the data directory " + configured + ": " + e.getMessage(), e);
        }
    }

    public Path path() {
        return path;
    }

    /** Releases the lock; a temporary directory is deleted with everything in it. */
    @Override
    public void close() {
        try {
            lock.close();
            if (temporary) {
                deleteRecursively(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot release the data directory " + path, e);
        }
    }

    /** Deletes a directory tree; nothing happens when it does not exist. */
    public static void deleteRecursively(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
