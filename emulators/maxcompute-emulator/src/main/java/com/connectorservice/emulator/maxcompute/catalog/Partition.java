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
    /** Published commits in commit order, read from disk once and then kept in step by commit(). */
    private List<Manifest> manifests;

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
        List<Manifest> current = manifests(); // loaded before this commit's manifest exists on disk
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
            List<Manifest> previous = overwrite ? new ArrayList<>(current) : List.of();
            long sequence = nextSequence();
            StringBuilder manifest = new StringBuilder("seq ").append(sequence).append('\n');
            List<StoredBlock> blocks = new ArrayList<>();
            for (String name : names) {
                manifest.append("block ").append(name).append('\n');
                blocks.add(new StoredBlock(blocksDirectory().resolve(name), countInName(name)));
            }
            Durable.write(manifest(commitId), manifest.toString().getBytes(StandardCharsets.UTF_8));
            current.add(new Manifest(sequence, manifest(commitId), System.currentTimeMillis(), blocks));
            for (Manifest old : previous) {
                old.blocks().forEach(block -> Durable.deleteQuietly(block.file()));
                Durable.deleteQuietly(old.file());
                current.remove(old);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot commit " + commitId + " to partition " + values, e);
        }
    }

    private static long nextSequence() {
        long now = System.currentTimeMillis() * 1000;
        return LAST_SEQUENCE.updateAndGet(last -> Math.max(last + 1, now));
    }

    private record Manifest(long sequence, Path file, long publishedAtMillis, List<StoredBlock> blocks) {
    }

    private List<Manifest> manifests() {
        if (manifests == null) {
            List<Manifest> loaded = new ArrayList<>();
            try (Stream<Path> files = list(directory.resolve("segments"))) {
                files.filter(f -> f.getFileName().toString().endsWith(".seg")).forEach(f -> loaded.add(readManifest(f)));
            }
            loaded.sort(Comparator.comparingLong(Manifest::sequence));
            manifests = loaded;
        }
        return manifests;
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
            return new Manifest(sequence, file, file.toFile().lastModified(), blocks);
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
    public synchronized List<StoredBlock> blocks() {
        List<StoredBlock> blocks = new ArrayList<>();
        manifests().forEach(m -> blocks.addAll(m.blocks()));
        return blocks;
    }

    public long recordCount() {
        return blocks().stream().mapToLong(StoredBlock::recordCount).sum();
    }

    public synchronized long lastModifiedMillis() {
        return manifests().stream().mapToLong(Manifest::publishedAtMillis).max().orElse(createdAtMillis);
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
