package com.connectorservice.emulator.tablestore;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What every table kind shares: the lock that orders its changes, the journal they go to (none while replaying) and
 * the dropped flag that stops writers which looked the table up before it was deleted.
 */
abstract class JournaledTable {
    protected final String instance;
    protected final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private volatile Journal journal;
    private boolean dropped;

    JournaledTable(String instance) {
        this.instance = instance;
    }

    abstract String name();

    final void journalTo(Journal journal) {
        this.journal = journal;
    }

    final void drop() {
        lock.writeLock().lock();
        try {
            dropped = true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Call with the lock held. */
    final void requireNotDropped() {
        if (dropped) {
            throw OtsException.tableNotExist();
        }
    }

    /** Journals one row's new state; call with the write lock held, before the change becomes visible. */
    final void journalRow(byte type, byte[]... state) {
        Journal target = journal;
        if (target != null) {
            byte[][] fields = new byte[state.length + 2][];
            fields[0] = Store.utf8(instance);
            fields[1] = Store.utf8(name());
            System.arraycopy(state, 0, fields, 2, state.length);
            target.append(type, fields);
        }
    }
}
