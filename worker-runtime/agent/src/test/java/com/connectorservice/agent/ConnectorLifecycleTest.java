package com.connectorservice.agent;

import static com.connectorservice.agent.AgentTestSupport.fileSink;
import static com.connectorservice.agent.AgentTestSupport.lines;
import static com.connectorservice.agent.AgentTestSupport.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.connectorservice.agent.controlplane.AgentProtocol.ConnectorReport;
import com.connectorservice.agent.controlplane.AgentProtocol.ResetOffsetsRequest;
import com.connectorservice.agent.controlplane.AgentProtocol.TargetState;
import com.connectorservice.testing.KafkaBroker;

class ConnectorLifecycleTest {

    private static final Duration STARTUP = Duration.ofSeconds(90);

    private static KafkaBroker broker;
    private ControlPlaneStub controlPlane;
    private Agent agent;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBroker() {
        broker = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void stopAgent() {
        AgentTestSupport.stopAgentAndWorkers(agent);
        controlPlane.close();
    }

    @Test
    void placedConnectorDeliversRecordsPausesResumesAndReReadsFromTheStartAfterAnOffsetsReset() throws Exception {
        String name = "lifecycle";
        String topic = "orders-lifecycle";
        Path output = dir.resolve("lifecycle.txt");
        AgentTestSupport.provisionTopics(broker, name, topic);
        controlPlane = new ControlPlaneStub();
        agent = AgentTestSupport.startAgent(dir.resolve("agent"), controlPlane.url());
        produce(broker, topic, 0, 50);

        controlPlane.place(fileSink(broker, name, topic, output, 1, TargetState.RUNNING, null, null));
        awaitState(name, "RUNNING", STARTUP);
        await().atMost(Duration.ofSeconds(30)).until(() -> lines(output).size() == 50);
        assertThat(controlPlane.report(name).orElseThrow().generation()).isEqualTo(1);

        controlPlane.place(fileSink(broker, name, topic, output, 2, TargetState.PAUSED, null, null));
        awaitState(name, "PAUSED", Duration.ofSeconds(30));
        produce(broker, topic, 50, 80);
        Thread.sleep(4_000);
        assertThat(lines(output)).as("a paused connector writes nothing").hasSize(50);

        controlPlane.place(fileSink(broker, name, topic, output, 3, TargetState.RUNNING, null, null));
        await().atMost(Duration.ofSeconds(30)).until(() -> lines(output).size() == 80);
        assertThat(lines(output)).containsExactlyInAnyOrderElementsOf(expected(0, 80));

        // The control plane asks for STOPPED and a reset at once; the agent stops, resets, and reports the request.
        controlPlane.place(fileSink(broker, name, topic, output, 4, TargetState.STOPPED, null,
                new ResetOffsetsRequest("reset-1")));
        await().atMost(Duration.ofSeconds(60)).until(() -> controlPlane.report(name)
                .map(report -> "reset-1".equals(report.appliedRequests().resetOffsets())).orElse(false));
        assertThat(controlPlane.report(name).orElseThrow().state()).isEqualTo("STOPPED");

        controlPlane.place(fileSink(broker, name, topic, output, 5, TargetState.RUNNING, null,
                new ResetOffsetsRequest("reset-1")));
        await().atMost(Duration.ofSeconds(60)).until(() -> lines(output).size() == 160);
        assertThat(lines(output)).as("every record twice: once before the reset, once after")
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 2).boxed()
                        .flatMap(round -> expected(0, 80).stream()).toList());

        Path secretsFile = dir.resolve("agent/secrets/" + name + ".properties");
        long pid = controlPlane.report(name).orElseThrow().worker().pid();
        controlPlane.unplace(name);
        await().atMost(Duration.ofSeconds(60)).until(() -> !ProcessHandle.of(pid).map(ProcessHandle::isAlive)
                .orElse(false));
        assertThat(secretsFile).as("a connector taken off the host leaves no secrets behind").doesNotExist();
    }

    @Test
    void secretReachesTheWorkerWhileTheConfigTopicHoldsOnlyTheReference() throws Exception {
        String name = "secretive";
        String topic = "orders-secretive";
        Path output = dir.resolve("secretive.txt");
        AgentTestSupport.provisionTopics(broker, name, topic);
        controlPlane = new ControlPlaneStub();
        agent = AgentTestSupport.startAgent(dir.resolve("agent"), controlPlane.url());
        produce(broker, topic, 0, 10);

        controlPlane.place(fileSink(broker, name, topic, output, 1, TargetState.RUNNING, null, null));
        await().atMost(STARTUP).until(() -> lines(output).size() == 10);

        Path secretsFile = dir.resolve("agent/secrets/" + name + ".properties");
        assertThat(Files.getPosixFilePermissions(secretsFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        String configTopic = broker.readAll("connect-config-" + name, 1, Duration.ofSeconds(10)).stream()
                .map(ConsumerRecord::value).filter(value -> value != null)
                .map(value -> new String(value, StandardCharsets.UTF_8))
                .reduce("", String::concat);
        assertThat(configTopic).contains("${file:" + secretsFile + ":password}")
                .contains("${file:" + secretsFile + ":outputFile}")
                .doesNotContain(AgentTestSupport.secretOf(name))
                .doesNotContain(output.toString());
        assertThat(Files.readString(dir.resolve("agent/desired-state.json")))
                .as("the desired state kept on disk leaves secrets out").doesNotContain(AgentTestSupport.secretOf(name));
    }

    private void awaitState(String name, String state, Duration atMost) {
        await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> controlPlane.report(name)
                .filter(report -> state.equals(report.state()))
                .filter(report -> !"RUNNING".equals(state) || allTasksRunning(report)).isPresent());
    }

    static boolean allTasksRunning(ConnectorReport report) {
        return !report.tasks().isEmpty() && report.tasks().stream().allMatch(task -> "RUNNING".equals(task.state()));
    }

    static List<String> expected(int from, int toExclusive) {
        return IntStream.range(from, toExclusive).mapToObj(i -> "record-" + i).toList();
    }
}
