package com.connectorservice.agent;

import com.connectorservice.contracts.agent.Isolation;

/** The lifecycle scenarios once more with {@code isolation: PROCESS}: a Connect JVM per connector. */
class ProcessLifecycleTest extends ConnectorLifecycleTest {

    @Override
    Isolation isolation() {
        return Isolation.PROCESS;
    }
}
