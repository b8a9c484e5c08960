package com.connectorservice.emulator.maxcompute.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * One partition's committed data. Record streams live in {@code blocks/}; a commit becomes visible when its
 * manifest ({@code segments/<commitId>.seg}) is atomically published, so readers never see part of a commit
 * and a published commit is never lost.
 */
public final class Partition {

    private static final AtomicLong LAST_SEQUENCE = new AtomicLong();

    private final PartitionValues values;
    private final long createdAtMillis;
    private final Path directory;

    Partition(PartitionValues values, long createdAtMillis, Path directory) {
        this.values = values;
        this.createdAtMillis = createdAtMillis;
        this.directory = directory;
    }

    public PartitionValues values() {
        return values;
    }

    public long createdAtMillis() {
        return createdAtMillis;
    }

    Path directory() {
        return directory;
    }

    private Path blocksDirectory() {
        return directory.resolve("blocks");
    }

    private Path manifest(String commitId) {
        return directory.resolve("segments").resolve(commitId + ".seg");
    }

    public boolean hasCommit(String commitId) {
        return Files.exists(manifest(commitId));
    }

    /** Block files of {@code commitId} already moved here by a commit that crashed before publishing. */
    public List<Path> pendingBlocksOf(String commitId) {
        try (Stream<Path> files = list(blocksDirectory())) {
            return files.filter(f -> f.getFileName().toString().startsWith(commitId + "-")).toList();
        }
    }

    /**
     * Publishes {@code blockFiles} (named {@code <anything>-<count>.blk}, already forced to disk) as one commit.
     * With {@code overwrite} the commits before it are removed once the new one is visible.
     */
    public synchronized void commit(String commitId, List<Path> blockFiles, boolean overwrite) {
        if (hasCommit(commitId)) {
            return;
        }
        try {
            Durable.createDirectories(blocksDirectory());
            List<String> names = new ArrayList<>();
            for (Path block : blockFiles) {
                String name = block.getParent().equals(blocksDirectory())
                        ? block.getFileName().toString()
                        : commitId + "-" + block.getFileName();
                Path target = blocksDirectory().resolve(name);
                if (!block.equals(target)) {
                    Files.move(block, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                }
                names.add(name);
            }
            Durable.forceDirectory(blocksDirectory());
            List<String> previous = overwrite ? manifestNames() : List.of();
            StringBuilder manifest = new StringBuilder("seq ").append(nextSequence()).append('\n');
            names.forEach(n -> manifest.append("block ").append(n).append('\n'));
            Durable.write(manifest(commitId), manifest.toString().getBytes(StandardCharsets.UTF_8));
            for (String old : previous) {
                for (StoredBlock block : readManifest(directory.resolve("segments").resolve(old)).blocks) {
                    Durable.deleteQuietly(block.file());
                }
                Durable.deleteQuietly(directory.resolve("segments").resolve(old));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit " + commitId + " to partition " + values, e);
        }
    }

    private static long nextSequence() {
        long now = System.currentTimeMillis() * 1000;
        return LAST_SEQUENCE.updateAndGet(last -> Math.max(last + 1, now));
    }

    private List<String> manifestNames() {
        try (Stream<Path> files = list(directory.resolve("segments"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".seg")).toList();
        }
    }

    private record Manifest(long sequence, List<StoredBlock> blocks) {
    }

    private Manifest readManifest(Path file) {
        try {
            long sequence = 0;
            List<StoredBlock> blocks = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("seq ")) {
                    sequence = Long.parseLong(line.substring(4).trim());
                } else if (line.startsWith("block ")) {
                    String name = line.substring(6).trim();
                    blocks.add(new StoredBlock(blocksDirectory().resolve(name), countInName(name)));
                }
            }
            return new Manifest(sequence, blocks);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Block file names end in {@code -<recordCount>.blk}. */
    public static long countInName(String name) {
        String stem = name.substring(0, name.length() - ".blk".length());
        return Long.parseLong(stem.substring(stem.lastIndexOf('-') + 1));
    }

    /** All committed blocks in commit order. */
    public List<StoredBlock> blocks() {
        List<Manifest> manifests = new ArrayList<>();
        try (Stream<Path> files = list(directory.resolve("segments"))) {
            files.filter(f -> f.getFileName().toString().endsWith(".seg")).forEach(f -> manifests.add(readManifest(f)));
        }
        manifests.sort(Comparator.comparingLong(Manifest::sequence));
        List<StoredBlock> blocks = new ArrayList<>();
        manifests.forEach(m -> blocks.addAll(m.blocks()));
        return blocks;
    }

    public long recordCount() {
        return blocks().stream().mapToLong(StoredBlock::recordCount).sum();
    }

    public long lastModifiedMillis() {
        try (Stream<Path> files = list(directory.resolve("segments"))) {
            return files.mapToLong(f -> f.toFile().lastModified()).max().orElse(createdAtMillis);
        }
    }

    public long sizeBytes() {
        return blocks().stream().mapToLong(b -> b.file().toFile().length()).sum();
    }

    private static Stream<Path> list(Path directory) {
        if (!Files.isDirectory(directory)) {
            return Stream.empty();
        }
        try {
            return Files.list(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + directory, e);
        }
    }
}
