package com.connectorservice.emulator.maxcompute.tunnel;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A client polling a table makes a download session per poll: what is kept stays bounded, the newest readable. */
class DownloadSessionsTest {

    @Test
    void aPollerKeepsOnlyTheNewestSessions() {
        DownloadSessions<Long> sessions = new DownloadSessions<>(rows -> rows);
        for (int poll = 0; poll < 1_000; poll++) {
            sessions.put("s" + poll, 0L);
        }
        assertThat(sessions.get("s999")).isNotNull();
        assertThat(sessions.get("s" + (1_000 - DownloadSessions.KEPT_SESSIONS))).isNotNull();
        assertThat(sessions.get("s" + (999 - DownloadSessions.KEPT_SESSIONS))).isNull();
    }

    @Test
    void sessionsHoldingRowsAreKeptUpToARowBoundAndTheNewestWhateverItHolds() {
        DownloadSessions<Long> sessions = new DownloadSessions<>(rows -> rows);
        long quarter = DownloadSessions.KEPT_ROWS / 4;
        for (int poll = 0; poll < 10; poll++) {
            sessions.put("s" + poll, quarter);
        }
        assertThat(sessions.get("s9")).isNotNull();
        assertThat(sessions.get("s6")).isNotNull();
        assertThat(sessions.get("s5")).as("a fifth quarter would pass the bound").isNull();

        sessions.put("huge", DownloadSessions.KEPT_ROWS * 3);
        assertThat(sessions.get("huge")).isNotNull();
        assertThat(sessions.get("s9")).isNull();
    }
}
