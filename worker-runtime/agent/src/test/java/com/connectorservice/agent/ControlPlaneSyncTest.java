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

import com.connectorservice.contracts.agent.AgentProtocol.DesiredConnector;
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
