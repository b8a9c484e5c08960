package com.connectorservice.sink.maxcompute;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the sink's tasks in one JVM may buffer together: half of its heap, shared equally. A connector's tasks all run
 * in its worker's JVM (up to 12 of them, in 256 MiB of heap), and a dense JVM runs the tasks of many connectors, so
 * each task's own bound ({@code buffer_size_kb}, {@code total_buffer_size}: 64 MiB by default) would add up past the
 * heap: catching up with a backlog, the worker would run out of memory, exit, and be started again into the same
 * backlog. Measured in the benchmark, rows counted at 128 MiB held 107 MiB of heap.
 */
public final class HeapBudget {

    static final double HEAP_SHARE = 0.5;
    /** The running tasks of this plugin in this JVM (Connect loads a plugin once per JVM, so they share this class). */
    private static final Set<Object> TASKS = ConcurrentHashMap.newKeySet();

    private HeapBudget() {
    }

    public static void join(Object task) {
        TASKS.add(task);
    }

    public static void leave(Object task) {
        TASKS.remove(task);
    }

    /** A task's bound: what it was configured with, or its share of the budget when that is smaller. */
    public static long bound(long configured) {
        long share = (long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE) / Math.max(1, TASKS.size());
        return Math.min(configured, share);
    }
}
