package com.connectorservice.emulator.tablestore;

import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * What every table kind shares: its id in the store and the dropped flag that stops requests which looked the table
 * up before it was deleted. Reads and writes hold the table's shared lock, dropping holds it exclusively, so no write
 * lands after the table's keys were deleted.
 */
abstract class StoredTable {
    protected final Store store;
    private final long id;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private boolean dropped;

    StoredTable(Store store, long id) {
        this.store = store;
        this.id = id;
    }

    abstract String name();

    final long id() {
        return id;
    }

    /** Runs {@code work} while the table cannot be dropped; fails with OTSObjectNotExist once it was. */
    final <T> T whileExists(Supplier<T> work) {
        lock.readLock().lock();
        try {
            if (dropped) {
                throw OtsException.tableNotExist();
            }
            return work.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Marks the table dropped, then deletes its keys, after every request in flight on it has finished. */
    final void drop(Runnable deleteKeys) {
        lock.writeLock().lock();
        try {
            dropped = true;
            deleteKeys.run();
        } finally {
            lock.writeLock().unlock();
        }
    }
}
