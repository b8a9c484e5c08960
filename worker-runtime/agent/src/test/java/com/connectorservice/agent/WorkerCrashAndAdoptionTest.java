package com.connectorservice.agent;

import static com.connectorservice.agent.AgentTestSupport.lines;
import static com.connectorservice.agent.AgentTestSupport.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import com.connectorservice.contracts.agent.AgentProtocol.ConnectorReport;

class WorkerCrashAndAdoptionTest extends AgentScenarioTest {

    @Test
    void workerKilledWithSigkillMidStreamIsBackWithinSecondsAndNoRecordIsLost() throws Exception {
        String name = "crashy";
        Path output = deployWith(name, 100);
        long pid = report(name).worker().pid();

        AtomicBoolean producing = new AtomicBoolean(true);
        AtomicInteger sent = new AtomicInteger(100);
        Thread producer = new Thread(() -> {
            try (KafkaProducer<byte[], byte[]> kafka = broker.producer()) {
                while (producing.get()) {
                    int i = sent.getAndIncrement();
                    kafka.send(new ProducerRecord<>(topic(name), i % 2, null, AgentTestSupport.value(i))).get();
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
        await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofMillis(100)).until(() -> controlPlane.report(name)
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

        ConnectorReport report = report(name);
        assertThat(report.worker().restarts()).isEqualTo(1);
        assertThat(report.worker().lastExit().exitCode()).as("SIGKILL").isEqualTo(137);
    }

    @Test
    void restartedAgentAdoptsItsWorkerAndDataFlowsWhileTheControlPlaneIsAway() {
        String name = "adoptee";
        Path output = deployWith(name, 20);
        long pid = report(name).worker().pid();

        agent.close();
        controlPlane.close();
        produce(broker, topic(name), 20, 40);
        await().atMost(Duration.ofSeconds(30)).until(() -> lines(output).size() == 40);

        Agent restarted = startAgent();
        await().atMost(Duration.ofSeconds(30)).until(() -> reportOf(restarted, name)
                .filter(report -> "RUNNING".equals(report.state()) && allTasksRunning(report)).isPresent());
        assertThat(reportOf(restarted, name).orElseThrow().worker().pid()).as("the same worker, adopted")
                .isEqualTo(pid);
        assertThat(reportOf(restarted, name).orElseThrow().worker().restarts()).isZero();

        produce(broker, topic(name), 40, 60);
        await().atMost(Duration.ofSeconds(30)).until(() -> lines(output).size() == 60);
        assertThat(lines(output)).containsExactlyInAnyOrderElementsOf(expected(0, 60));
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).contains(true);
    }

    private static Optional<ConnectorReport> reportOf(Agent agent, String name) {
        return agent.reports().stream().filter(report -> name.equals(report.name())).findFirst();
    }
}
