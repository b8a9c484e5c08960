package com.connectorservice.agent;

import static com.connectorservice.agent.AgentTestSupport.lines;
import static com.connectorservice.agent.AgentTestSupport.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import com.connectorservice.agent.dense.PoisonSinkConnector;
import com.connectorservice.contracts.agent.AgentProtocol.ConnectorReport;
import com.connectorservice.contracts.agent.TargetState;

/** Connectors sharing one dense JVM: what one does, or what is done to it, leaves its neighbours alone. */
class DenseIsolationTest extends AgentScenarioTest {

    @Test
    void aConnectorFailingInPutLeakingThreadsAndThenRemovedLeavesItsNeighbourRunning() throws Exception {
        Path steadyOutput = deployWith("steady", 20);
        awaitState("steady", "RUNNING");
        ConnectorReport steady = report("steady");

        String faulty = "faulty";
        AgentTestSupport.provisionTopics(broker, faulty, topic(faulty));
        long placedAt = System.nanoTime();
        controlPlane.place(AgentTestSupport.withConfig(AgentTestSupport.fileSink(broker, faulty, topic(faulty),
                output(faulty), 1, TargetState.RUNNING, null, null),
                Map.of("connector.class", PoisonSinkConnector.class.getName())));
        awaitState(faulty, "RUNNING");
        System.out.printf("FIGURE dense: a connector placed beside a running one is RUNNING after %d ms%n",
                Duration.ofNanos(System.nanoTime() - placedAt).toMillis());
        assertThat(report(faulty).worker().pid()).as("one JVM for both").isEqualTo(steady.worker().pid());
        assertThat(report(faulty).worker().restUrl()).as("each its own herder").isNotEqualTo(steady.worker().restUrl());

        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            producer.send(new ProducerRecord<>(topic(faulty), 0, null, "poison".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> controlPlane.report(faulty)
                .filter(report -> report.tasks().stream().anyMatch(task -> "FAILED".equals(task.state())))
                .isPresent());
        assertThat(report(faulty).tasks().get(0).trace()).contains("poisoned record");
        // the shared JVM's log, told apart by Connect's connector.context: each connector gets its own lines only
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(controlPlane.logs(faulty))
                .as("the log tail sent for %s; the worker log ends with:%n%s", faulty, workerLogEnd(faulty))
                .anyMatch(log -> Integer.valueOf(0).equals(log.task())
                        && log.lines().stream().anyMatch(line -> line.contains("poisoned record"))));
        assertThat(controlPlane.logs(faulty).stream().flatMap(log -> log.lines().stream()))
                .noneMatch(line -> line.contains("[steady|"))
                .anyMatch(line -> line.contains("[faulty|task-0] "));
        assertThat(controlPlane.logs("steady").stream().flatMap(log -> log.lines().stream()))
                .isNotEmpty().noneMatch(line -> line.contains("[faulty|"));

        produce(broker, topic("steady"), 20, 40);
        await().atMost(Duration.ofSeconds(30)).until(() -> lines(steadyOutput).size() == 40);
        assertThat(report("steady").state()).isEqualTo("RUNNING");
        assertThat(allTasksRunning(report("steady"))).isTrue();

        controlPlane.unplace(faulty);
        await().atMost(Duration.ofSeconds(60)).until(() -> !agent.runtime().connectors().contains(faulty));
        produce(broker, topic("steady"), 40, 60);
        await().atMost(Duration.ofSeconds(30)).until(() -> lines(steadyOutput).size() == 60);
        assertThat(lines(steadyOutput)).containsExactlyInAnyOrderElementsOf(expected(0, 60));
        ConnectorReport after = report("steady");
        assertThat(after.worker().pid()).as("the same JVM").isEqualTo(steady.worker().pid());
        assertThat(after.worker().restUrl()).as("the same herder, never restarted")
                .isEqualTo(steady.worker().restUrl());
        assertThat(after.worker().restarts()).isZero();
        assertThat(after.state()).isEqualTo("RUNNING");
    }

    @Test
    void killedDenseJvmComesBackAndEveryConnectorResumesFromItsCommittedOffsets() throws Exception {
        Path first = deployWith("first", 30);
        Path second = deployWith("second", 30);
        long pid = report("first").worker().pid();
        assertThat(report("second").worker().pid()).isEqualTo(pid);
        // Sink offsets are committed every 5 s (offset.flush.interval.ms): wait for them, so a replay would show.
        await().atMost(Duration.ofSeconds(30)).until(() -> committed("first") == 30 && committed("second") == 30);

        long killedAt = System.nanoTime();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        for (String name : new String[] {"first", "second"}) {
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(100)).until(() -> controlPlane
                    .report(name).filter(report -> report.worker() != null && report.worker().pid() != null
                            && report.worker().pid() != pid)
                    .filter(report -> "RUNNING".equals(report.state()) && allTasksRunning(report)).isPresent());
        }
        System.out.printf("FIGURE dense: both connectors RUNNING again %d ms after a kill -9 of their JVM%n",
                Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
        produce(broker, topic("first"), 30, 60);
        produce(broker, topic("second"), 30, 60);
        await().atMost(Duration.ofSeconds(60)).until(() -> lines(first).size() >= 60 && lines(second).size() >= 60);
        assertThat(lines(first)).as("resumed from the committed offsets: nothing lost, nothing written twice")
                .containsExactlyInAnyOrderElementsOf(expected(0, 60));
        assertThat(lines(second)).containsExactlyInAnyOrderElementsOf(expected(0, 60));
        assertThat(report("first").worker().restarts()).isEqualTo(1);
        assertThat(report("first").worker().lastExit().exitCode()).as("SIGKILL").isEqualTo(137);
    }

    /** What the sink consumer group {@code connect-<name>} committed, over all partitions. */
    private static long committed(String name) throws Exception {
        try (Admin admin = broker.admin()) {
            return admin.listConsumerGroupOffsets("connect-" + name).partitionsToOffsetAndMetadata().get()
                    .values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        }
    }

    private String workerLogEnd(String connector) throws java.io.IOException {
        java.util.Optional<Path> log = agent.runtime().logFile(connector);
        if (log.isEmpty()) {
            return "(no worker log)";
        }
        java.util.List<String> lines = java.nio.file.Files.readAllLines(log.get());
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }
}
