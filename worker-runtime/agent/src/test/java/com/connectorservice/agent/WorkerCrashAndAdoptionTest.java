package com.connectorservice.agent;

import static com.connectorservice.agent.AgentTestSupport.fileSink;
import static com.connectorservice.agent.AgentTestSupport.lines;
import static com.connectorservice.agent.AgentTestSupport.produce;
import static com.connectorservice.agent.ConnectorLifecycleTest.allTasksRunning;
import static com.connectorservice.agent.ConnectorLifecycleTest.expected;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.connectorservice.agent.controlplane.AgentProtocol.ConnectorReport;
import com.connectorservice.agent.controlplane.AgentProtocol.TargetState;
import com.connectorservice.testing.KafkaBroker;

class WorkerCrashAndAdoptionTest {

    private static KafkaBroker broker;
    private ControlPlaneStub controlPlane;
    private Agent agent;
    private Agent restartedAgent;

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
    void stopAgents() {
        AgentTestSupport.stopAgentAndWorkers(agent);
        AgentTestSupport.stopAgentAndWorkers(restartedAgent);
        controlPlane.close();
    }

    @Test
    void workerKilledWithSigkillMidStreamIsBackWithinSecondsAndNoRecordIsLost() throws Exception {
        String name = "crashy";
        String topic = "orders-crashy";
        Path output = dir.resolve("crashy.txt");
        AgentTestSupport.provisionTopics(broker, name, topic);
        controlPlane = new ControlPlaneStub();
        agent = AgentTestSupport.startAgent(dir.resolve("agent"), controlPlane.url());
        controlPlane.place(fileSink(broker, name, topic, output, 1, TargetState.RUNNING, null, null));
        produce(broker, topic, 0, 100);
        await().atMost(Duration.ofSeconds(90)).until(() -> lines(output).size() == 100);
        long pid = controlPlane.report(name).orElseThrow().worker().pid();

        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger(100);
        Thread producer = new Thread(() -> {
            try (KafkaProducer<byte[], byte[]> kafka = broker.producer()) {
                while (producing.get()) {
                    int i = sent.getAndIncrement();
                    kafka.send(new ProducerRecord<>(topic, i % 2, null, AgentTestSupport.value(i))).get();
                    Thread.sleep(20);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        producer.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> lines(output).size() > 150);

        long killedAt = System.nanoTime();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100)).until(() -> controlPlane.report(name)
                .filter(report -> report.worker() != null && report.worker().pid() != null
                        && report.worker().pid() != pid)
                .filter(report -> "RUNNING".equals(report.state()) && allTasksRunning(report)).isPresent());
        long runningAfter = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
        int sentWhenRunning = sent.get();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> lines(output).contains("record-" + sentWhenRunning));
        System.out.printf("FIGURE killed worker: RUNNING again after %d ms, new records written after %d ms%n",
                runningAfter, Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
        producing.set(false);
        producer.join();
        int total = sent.get();
        await().atMost(Duration.ofSeconds(60)).until(() -> lines(output).stream().distinct().count() >= total);
        assertThat(lines(output).stream().distinct()).containsExactlyInAnyOrderElementsOf(expected(0, total));

        ConnectorReport report = controlPlane.report(name).orElseThrow();
        assertThat(report.worker().restarts()).isEqualTo(1);
        assertThat(report.worker().lastExit().exitCode()).as("SIGKILL").isEqualTo(137);
    }

    @Test
    void restartedAgentAdoptsItsWorkerAndDataFlowsWhileTheControlPlaneIsAway() throws Exception {
        String name = "adoptee";
        String topic = "orders-adoptee";
        Path output = dir.resolve("adoptee.txt");
        AgentTestSupport.provisionTopics(broker, name, topic);
        controlPlane = new ControlPlaneStub();
        agent = AgentTestSupport.startAgent(dir.resolve("agent"), controlPlane.url());
        controlPlane.place(fileSink(broker, name, topic, output, 1, TargetState.RUNNING, null, null));
        produce(broker, topic, 0, 20);
        await().atMost(Duration.ofSeconds(90)).until(() -> lines(output).size() == 20);
        long pid = controlPlane.report(name).orElseThrow().worker().pid();

        agent.close();
        controlPlane.close();
        produce(broker, topic, 20, 40);
        await().atMost(Duration.ofSeconds(30)).until(() -> lines(output).size() == 40);

        restartedAgent = AgentTestSupport.startAgent(dir.resolve("agent"), controlPlane.url());
        await().atMost(Duration.ofSeconds(30)).until(() -> report(restartedAgent, name)
                .filter(report -> "RUNNING".equals(report.state()) && allTasksRunning(report)).isPresent());
        assertThat(report(restartedAgent, name).orElseThrow().worker().pid()).as("the same worker, adopted")
                .isEqualTo(pid);
        assertThat(report(restartedAgent, name).orElseThrow().worker().restarts()).isZero();

        produce(broker, topic, 40, 60);
        await().atMost(Duration.ofSeconds(30)).until(() -> lines(output).size() == 60);
        assertThat(lines(output)).containsExactlyInAnyOrderElementsOf(expected(0, 60));
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
    }

    private static Optional<ConnectorReport> report(Agent agent, String name) {
        return agent.reports().stream().filter(report -> name.equals(report.name())).findFirst();
    }
}
