package com.connectorservice.agent;

import static com.connectorservice.agent.AgentTestSupport.lines;
import static com.connectorservice.agent.AgentTestSupport.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import com.connectorservice.contracts.agent.AgentProtocol.ResetOffsetsRequest;
import com.connectorservice.contracts.agent.AgentProtocol.RestartRequest;
import com.connectorservice.contracts.agent.TargetState;

class ConnectorLifecycleTest extends AgentScenarioTest {

    @Test
    void placedConnectorDeliversRecordsPausesResumesRestartsReReadsAfterAnOffsetsResetAndTakesANewConfig()
            throws Exception {
        String name = "lifecycle";
        Path output = deployWith(name, 50);
        awaitState(name, "RUNNING");
        assertThat(report(name).generation()).isEqualTo(1);

        place(name, 2, TargetState.PAUSED, null, null);
        awaitState(name, "PAUSED");
        produce(broker, topic(name), 50, 80);
        Thread.sleep(4_000);
        assertThat(lines(output)).as("a paused connector writes nothing").hasSize(50);

        place(name, 3, TargetState.RUNNING, null, null);
        await().atMost(Duration.ofSeconds(30)).until(() -> lines(output).size() == 80);
        assertThat(lines(output)).containsExactlyInAnyOrderElementsOf(expected(0, 80));
        // The worker's own metrics of the task reach the report: the 80 records written, nothing behind.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(report(name).worker().taskMetrics())
                .singleElement().satisfies(task -> {
                    assertThat(task.recordsSent()).isEqualTo(80);
                    assertThat(task.consumerLag()).isZero();
                    assertThat(task.putBatchAvgMs()).isNotNull();
                    assertThat(task.destinationUnavailable()).isFalse();
                }));

        long workerPid = report(name).worker().pid();
        place(name, 4, TargetState.RUNNING, new RestartRequest("restart-1", true, false), null);
        await().atMost(Duration.ofSeconds(30)).until(() -> controlPlane.report(name)
                .filter(report -> "restart-1".equals(report.appliedRequests().restart()))
                .filter(report -> report.generation() == 4 && "RUNNING".equals(report.state())).isPresent());
        assertThat(report(name).worker().pid()).as("a connector restart keeps its worker").isEqualTo(workerPid);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(agent.runtime().control(name).offsets())
                .as("the offsets Connect committed, through the runtime").containsValues(40L));

        // The control plane asks for STOPPED and a reset at once; the agent stops, resets, and reports the request.
        place(name, 5, TargetState.STOPPED, null, new ResetOffsetsRequest("reset-1"));
        await().atMost(Duration.ofSeconds(60)).until(() -> controlPlane.report(name)
                .filter(report -> "reset-1".equals(report.appliedRequests().resetOffsets())).isPresent());
        assertThat(report(name).state()).isEqualTo("STOPPED");
        assertThat(agent.runtime().control(name).offsets()).as("no offsets after the reset").isEmpty();

        place(name, 6, TargetState.RUNNING, null, new ResetOffsetsRequest("reset-1"));
        await().atMost(Duration.ofSeconds(60)).until(() -> lines(output).size() == 160);
        assertThat(lines(output)).as("every record twice: once before the reset, once after")
                .containsExactlyInAnyOrderElementsOf(Stream.concat(expected(0, 80).stream(), expected(0, 80).stream())
                        .toList());

        // A config change of the running connector: Connect restarts its tasks from the committed offsets.
        controlPlane.place(AgentTestSupport.withConfig(AgentTestSupport.fileSink(broker, name, topic(name), output, 7,
                TargetState.RUNNING, null, new ResetOffsetsRequest("reset-1")), Map.of("errors.log.enable", "true")));
        produce(broker, topic(name), 80, 100);
        await().atMost(Duration.ofSeconds(60)).until(() -> report(name).generation() == 7
                && lines(output).containsAll(expected(80, 100)));
        assertThat(lines(output)).hasSize(180);

        Path secretsFile = dir.resolve("agent/secrets/" + name + ".properties");
        controlPlane.unplace(name);
        // the worker may be gone a moment before the agent's pass that stopped it has deleted the secrets
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(ProcessHandle.of(workerPid).map(ProcessHandle::isAlive).orElse(false)).as("worker alive").isFalse();
            assertThat(secretsFile).as("a connector taken off the host leaves no secrets behind").doesNotExist();
        });
    }

    @Test
    void configConnectRefusesIsReportedFailedWithConnectsReason() {
        String name = "misconfigured";
        AgentTestSupport.provisionTopics(broker, name, topic(name));
        controlPlane.place(AgentTestSupport.withConfig(AgentTestSupport.fileSink(broker, name, topic(name),
                output(name), 1, TargetState.RUNNING, null, null), Map.of("connector.class", "com.example.Missing")));

        awaitState(name, "FAILED");
        assertThat(report(name).trace()).contains("400").contains("com.example.Missing");
        assertThat(report(name).conditions()).extracting(condition -> condition.type() + "/" + condition.reason())
                .contains("Configured/ConfigRejected");
    }

    @Test
    void secretAndItsNewValueReachTheTasksWhileTheConfigTopicHoldsOnlyTheReference() throws Exception {
        String name = "secretive";
        Path output = deployWith(name, 10);

        Path secretsFile = dir.resolve("agent/secrets/" + name + ".properties");
        assertThat(Files.getPosixFilePermissions(secretsFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String configTopic = broker.readAll("connect-config-" + name, 1, Duration.ofSeconds(10)).stream()
                .map(ConsumerRecord::value).filter(Objects::nonNull)
                .map(value -> new String(value, StandardCharsets.UTF_8))
                .reduce("", String::concat);
        assertThat(configTopic).contains("${file:" + secretsFile + ":password}")
                .contains("${file:" + secretsFile + ":outputFile}")
                .doesNotContain(AgentTestSupport.secretOf(name))
                .doesNotContain(output.toString());
        assertThat(Files.readString(dir.resolve("agent/desired-state.json")))
                .as("the desired state kept on disk leaves secrets out").doesNotContain(AgentTestSupport.secretOf(name));

        // A new secret value (here: the output file) reaches the running tasks without a config change.
        Path rotated = dir.resolve("secretive-rotated.txt");
        controlPlane.place(AgentTestSupport.fileSink(broker, name, topic(name), rotated, 2, TargetState.RUNNING,
                null, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> report(name).generation() == 2);
        produce(broker, topic(name), 10, 20);
        await().atMost(Duration.ofSeconds(60)).until(() -> lines(rotated).containsAll(expected(10, 20)));
        assertThat(lines(output)).containsExactlyInAnyOrderElementsOf(expected(0, 10));
    }
}
