package com.connectorservice.agent;

import static org.awaitility.Awaitility.await;

import java.time.Duration;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 11: a state change is reported when it happens, not at the next heartbeat. The stub asks for a
 * heartbeat every 30 s, so only a prompt report can be seen within seconds.
 */
class PromptReportsTest extends AgentScenarioTest {

    @Override
    @BeforeEach
    void startControlPlaneAndAgent() throws Exception {
        controlPlane = new ControlPlaneStub(Duration.ofSeconds(30));
        agent = startAgent();
    }

    @Test
    void aWorkerKilledWithSigkillIsReportedAtOnceAndSoIsItsReturn() {
        String name = "prompt";
        deployWith(name, 10);
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> controlPlane.report(name)
                .filter(report -> "RUNNING".equals(report.state()) && allTasksRunning(report)).isPresent());
        long pid = report(name).worker().pid();

        long killedAt = System.nanoTime();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(20))
                .until(() -> !"RUNNING".equals(report(name).state()));
        System.out.printf("FIGURE worker killed -> reported %s after %d ms (heartbeat every 30 s)%n", report(name).state(),
                Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> controlPlane.report(name)
                .filter(report -> "RUNNING".equals(report.state()) && allTasksRunning(report))
                .filter(report -> report.worker().pid() != pid).isPresent());
    }
}
