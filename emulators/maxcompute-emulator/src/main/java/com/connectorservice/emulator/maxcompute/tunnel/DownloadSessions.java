package com.connectorservice.emulator.maxcompute.tunnel;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.function.ToLongFunction;

/**
 * The download sessions kept, newest first to stay. MaxCompute keeps a session for a day; here a client that polls
 * a table (a test waiting for rows, the console's preview) makes one per poll, and a session holding a Delta table's
 * or a query's rows holds them on the heap: a CI run filled 2 GiB with 1,000 kept sessions. Clients read a session
 * right after creating it, so the newest few are what matters; they are kept up to a count and up to a number of
 * rows held, and the newest is always kept whatever it holds.
 */
final class DownloadSessions<S> {

    static final int KEPT_SESSIONS = 100;
    static final long KEPT_ROWS = 200_000;

    private final LinkedHashMap<String, S> sessions = new LinkedHashMap<>(16, 0.75f, true);
    private final ToLongFunction<S> heldRows;
    private long rowsHeld;

    DownloadSessions(ToLongFunction<S> heldRows) {
        this.heldRows = heldRows;
    }

    synchronized void put(String id, S session) {
        sessions.put(id, session);
        rowsHeld += heldRows.applyAsLong(session);
        Iterator<S> eldestFirst = sessions.values().iterator();
        while (sessions.size() > 1 && (sessions.size() > KEPT_SESSIONS || rowsHeld > KEPT_ROWS)) {
            rowsHeld -= heldRows.applyAsLong(eldestFirst.next());
            eldestFirst.remove();
        }
    }

    /** The session, or null when it was never made or is no longer kept. */
    synchronized S get(String id) {
        return sessions.get(id);
    }
}
