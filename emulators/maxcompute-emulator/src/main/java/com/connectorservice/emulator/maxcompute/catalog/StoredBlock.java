package com.connectorservice.emulator.maxcompute.catalog;

import java.nio.file.Path;

/** A verified, uncompressed record stream on disk and the number of records it holds. */
public record StoredBlock(Path file, long recordCount) {
}
