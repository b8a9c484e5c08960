package com.connectorservice.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.connectorservice.contracts.agent.AgentProtocol.Registration;

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
                        Registration::capacity).containsExactly("agent-agent", 4);

                controlPlane.forgetAgents();
                int heartbeats = controlPlane.heartbeats();
                await().atMost(Duration.ofSeconds(10)).until(() -> controlPlane.heartbeats() > heartbeats);
                assertThat(controlPlane.registrations()).hasSize(2);
            } finally {
                AgentTestSupport.stopAgentAndWorkers(agent);
            }
        }
    }
}
