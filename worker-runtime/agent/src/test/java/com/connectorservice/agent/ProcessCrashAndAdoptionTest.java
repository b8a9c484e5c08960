package com.connectorservice.agent;

import com.connectorservice.contracts.agent.Isolation;

/** The crash and adoption scenarios once more with {@code isolation: PROCESS}: a Connect JVM per connector. */
class ProcessCrashAndAdoptionTest extends WorkerCrashAndAdoptionTest {

    @Override
    Isolation isolation() {
        return Isolation.PROCESS;
    }
}
