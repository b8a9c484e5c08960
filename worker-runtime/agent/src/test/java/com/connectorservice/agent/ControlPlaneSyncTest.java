package com.connectorservice.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.connectorservice.agent.controlplane.ControlPlaneClient;
import com.connectorservice.contracts.agent.AgentProtocol.Condition;
import com.connectorservice.contracts.agent.AgentProtocol.ConnectorReport;
import com.connectorservice.contracts.agent.AgentProtocol.DesiredConnector;
import com.connectorservice.contracts.agent.AgentProtocol.Heartbeat;
import com.connectorservice.contracts.agent.AgentProtocol.TaskLog;
import com.connectorservice.contracts.agent.AgentProtocol.TaskReport;
import com.connectorservice.contracts.agent.AgentProtocol.Registration;
import com.connectorservice.contracts.agent.AgentProtocol.WorkerSpec;
import com.connectorservice.contracts.agent.TargetState;

/** The agent's side of the two calls, against the stub; no connector is placed, so no worker starts. */
class ControlPlaneSyncTest {

    @TempDir
    Path dir;

    @Test
    void agentRegistersWithItsTokenHeartbeatsAndRegistersAgainWhenTheControlPlaneForgetsIt() throws Exception {
        try (ControlPlaneStub controlPlane = new ControlPlaneStub()) {
            Agent agent = AgentTestSupport.startAgent(dir.resolve("agent"), controlPlane.url());
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> controlPlane.heartbeats() >= 2);
                assertThat(controlPlane.registrations()).singleElement().extracting(Registration::id,
                        Registration::capacity).containsExactly("agent-agent", 100);

                controlPlane.forgetAgents();
                int heartbeats = controlPlane.heartbeats();
                await().atMost(Duration.ofSeconds(10)).until(() -> controlPlane.heartbeats() > heartbeats);
                assertThat(controlPlane.registrations()).hasSize(2);
            } finally {
                AgentTestSupport.stopAgentAndWorkers(agent);
            }
        }
    }

    @Test
    void aRecordsNulCharacterInATraceOrALogLineDoesNotGetTheHeartbeatRefused() throws Exception {
        try (ControlPlaneStub controlPlane = new ControlPlaneStub()) {
            ControlPlaneClient client = new ControlPlaneClient(controlPlane.url(), ControlPlaneStub.TOKEN);
            client.register(new Registration("agent-nul", "localhost", 10, "test"));
            // a task failed on a record holding a NUL byte, and logged it; a log line was cut inside an emoji
            String failure = "Field 'amount' is not a number: 'a\u0000b'";
            ConnectorReport report = new ConnectorReport("nul", "i", 1, "FAILED", failure,
                    List.of(new TaskReport(0, "FAILED", "w", failure)), null,
                    List.of(Condition.failed("TasksRunning", "TaskFailed", failure)), null,
                    List.of(new TaskLog(0, List.of("ERROR " + failure, "cut at \uD83D"))));

            client.heartbeat("agent-nul", new Heartbeat(List.of(report)));

            String kept = "Field 'amount' is not a number: 'a\uFFFDb'";
            ConnectorReport received = controlPlane.report("nul").orElseThrow();
            assertThat(received.trace()).isEqualTo(kept);
            assertThat(received.tasks()).singleElement().extracting(TaskReport::trace).isEqualTo(kept);
            assertThat(received.conditions()).singleElement().extracting(Condition::message).isEqualTo(kept);
            assertThat(controlPlane.logs("nul")).singleElement().extracting(TaskLog::lines)
                    .isEqualTo(List.of("ERROR " + kept, "cut at \uFFFD"));
        }
    }

    @Test
    void aChangedDesiredStateReachesTheAgentWithinTwoHundredMillisecondsNotAtTheNextHeartbeat() throws Exception {
        // heartbeats every 30 s: only the desired-state watch can bring a change sooner
        try (ControlPlaneStub controlPlane = new ControlPlaneStub(Duration.ofSeconds(30))) {
            Agent agent = AgentTestSupport.startAgent(dir.resolve("agent"), controlPlane.url());
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> controlPlane.heartbeats() >= 1);
                List<Long> millis = new ArrayList<>();
                for (long generation = 1; generation <= 5; generation++) {
                    Thread.sleep(300); // the agent is back to watching
                    long placedAt = System.nanoTime();
                    // not a valid connector name: the agent reports it FAILED and starts no worker
                    controlPlane.place(new DesiredConnector("Not_Valid", "i", generation, TargetState.RUNNING,
                            new WorkerSpec("localhost:1", Map.of(), null, null, null, null), Map.of(), Map.of(),
                            null, null));
                    long g = generation;
                    await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(5))
                            .until(() -> controlPlane.handedOutAt("Not_Valid", g).isPresent());
                    millis.add((controlPlane.handedOutAt("Not_Valid", g).orElseThrow() - placedAt) / 1_000_000);
                }
                Collections.sort(millis);
                System.out.printf("FIGURE desired state change to agent: median %d ms, max %d ms (heartbeat every 30 s)%n",
                        millis.get(2), millis.get(4));
                assertThat(millis.get(2)).isLessThan(200);
                assertThat(millis.get(4)).isLessThan(1000);
            } finally {
                AgentTestSupport.stopAgentAndWorkers(agent);
            }
        }
    }
}
