package com.connectorservice.agent;

import static com.connectorservice.agent.AgentTestSupport.lines;
import static com.connectorservice.agent.AgentTestSupport.produce;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import com.connectorservice.contracts.agent.AgentProtocol.ConnectorReport;
import com.connectorservice.contracts.agent.AgentProtocol.ResetOffsetsRequest;
import com.connectorservice.contracts.agent.AgentProtocol.RestartRequest;
import com.connectorservice.contracts.agent.Isolation;
import com.connectorservice.contracts.agent.TargetState;
import com.connectorservice.testing.KafkaBroker;

/**
 * A real broker per test class, and per test a control-plane stub with one agent. A connector {@code <name>}
 * reads topic {@code orders-<name>} and writes {@code <name>.txt} through Kafka's FileStreamSinkConnector.
 */
abstract class AgentScenarioTest {

    static KafkaBroker broker;
    ControlPlaneStub controlPlane;
    Agent agent;
    private final List<Agent> agents = new ArrayList<>();

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

    @BeforeEach
    void startControlPlaneAndAgent() throws Exception {
        controlPlane = new ControlPlaneStub();
        controlPlane.placeWith(isolation());
        agent = startAgent();
    }

    @AfterEach
    void stopAgentsAndWorkers() {
        agents.forEach(AgentTestSupport::stopAgentAndWorkers);
        controlPlane.close();
    }

    /** How the scenario's connectors are hosted: the default, dense; subclasses run a scenario under PROCESS. */
    Isolation isolation() {
        return Isolation.DENSE;
    }

    /** Another agent process on the same host: same data directory. */
    Agent startAgent() {
        return startAgent(dir.resolve("agent"));
    }

    /** An agent with its own data directory; all agents share one secrets directory, as hosts share its path. */
    Agent startAgent(Path dataDir) {
        return startAgent(dataDir, AgentTestSupport.HOST);
    }

    /** An agent whose workers advertise and listen on {@code host} only, as if on a host of its own. */
    Agent startAgent(Path dataDir, String host) {
        Agent started = AgentTestSupport.startAgent(dataDir, dir.resolve("agent/secrets"), controlPlane.url(), host);
        agents.add(started);
        return started;
    }

    Path output(String name) {
        return dir.resolve(name + ".txt");
    }

    static String topic(String name) {
        return "orders-" + name;
    }

    /** Provisions the connector's topics, sends {@code records} records, places it RUNNING and waits for them. */
    Path deployWith(String name, int records) {
        AgentTestSupport.provisionTopics(broker, name, topic(name));
        produce(broker, topic(name), 0, records);
        place(name, 1, TargetState.RUNNING, null, null);
        await().atMost(Duration.ofSeconds(150)).until(() -> lines(output(name)).size() == records);
        return output(name);
    }

    void place(String name, long generation, TargetState target, RestartRequest restart, ResetOffsetsRequest reset) {
        controlPlane.place(AgentTestSupport.fileSink(broker, name, topic(name), output(name), generation, target,
                restart, reset));
    }

    ConnectorReport report(String name) {
        return controlPlane.report(name).orElseThrow();
    }

    void awaitState(String name, String state) {
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> controlPlane
                .report(name).filter(report -> state.equals(report.state()))
                .filter(report -> !"RUNNING".equals(state) || allTasksRunning(report)).isPresent());
    }

    static boolean allTasksRunning(ConnectorReport report) {
        return !report.tasks().isEmpty() && report.tasks().stream().allMatch(task -> "RUNNING".equals(task.state()));
    }

    static List<String> expected(int from, int toExclusive) {
        return IntStream.range(from, toExclusive).mapToObj(i -> "record-" + i).toList();
    }
}
