package com.connectorservice.contracts.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.connectorservice.contracts.agent.AgentProtocol.DesiredConnector;
import com.connectorservice.contracts.agent.AgentProtocol.HeartbeatReply;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Either side may add a field without breaking the other, and a field that is left out takes its default. */
class AgentProtocolTest {

    private final ObjectMapper strict = new ObjectMapper();

    @Test
    void aReaderIgnoresFieldsItDoesNotKnowAndDefaultsTheOnesLeftOut() throws Exception {
        HeartbeatReply reply = strict.readValue("""
                {"leaseSeconds": 30, "addedLater": true,
                 "desired": [{"name": "orders", "generation": 3, "worker": {"bootstrapServers": "b:9092", "x": 1}}]}""",
                HeartbeatReply.class);
        DesiredConnector desired = reply.desired().get(0);
        assertThat(desired.targetState()).isEqualTo(TargetState.RUNNING);
        assertThat(desired.connectorConfig()).isEmpty();
        assertThat(desired.worker().clientProperties()).isEmpty();
        assertThat(strict.readValue("{}", HeartbeatReply.class).desired()).isEmpty();
        assertThat(strict.readValue("{\"connectors\": null}", AgentProtocol.Heartbeat.class).connectors()).isEmpty();
    }

    @Test
    void secretsNeverReachALogLine() {
        DesiredConnector desired = new DesiredConnector("orders", "i", 1, null, null, Map.of(),
                Map.of("accessKeySecret", "S3cret"), null, null);
        assertThat(desired.toString()).contains("accessKeySecret").doesNotContain("S3cret");
    }
}
