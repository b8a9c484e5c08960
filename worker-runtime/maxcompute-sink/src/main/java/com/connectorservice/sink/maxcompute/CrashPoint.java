package com.connectorservice.sink.maxcompute;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A crash at the worst moment for a test to force: the JVM halts (as after kill -9) right after the N-th batch's
 * upload sessions were committed and before its offsets could reach Connect. Set only by a JVM system property on
 * the worker ({@value #PROPERTY}), never from a connector's configuration; off (0) otherwise.
 */
public final class CrashPoint {

    static final String PROPERTY = "connectorservice.test.haltAfterCommittedBatches";
    private static final int HALT_AFTER = Integer.getInteger(PROPERTY, 0);
    private static final AtomicInteger COMMITTED = new AtomicInteger();

    private CrashPoint() {
    }

    /** Called once a batch's sessions are committed, before it is reported durable. */
    public static void afterCommit() {
        if (HALT_AFTER > 0 && COMMITTED.incrementAndGet() == HALT_AFTER) {
            System.err.println("CrashPoint: halting after committed batch " + HALT_AFTER);
            Runtime.getRuntime().halt(137);
        }
    }
}
