package com.connectorservice.agent;

import static com.connectorservice.agent.AgentTestSupport.produce;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

import com.connectorservice.contracts.agent.AgentProtocol.ConnectorReport;
import com.connectorservice.contracts.agent.AgentProtocol.TaskReport;
import com.connectorservice.contracts.agent.TargetState;

/** One connector placed on two agents: their workers form one Connect group, and Connect spreads the tasks. */
class ReplicasTest extends AgentScenarioTest {

    @Test
    void tasksSpreadOverBothAgentsAndTheSurvivorTakesThemAllWhenOneHostDies() throws Exception {
        String name = "replicated";
        AgentTestSupport.provisionTopics(broker, name, topic(name));
        // as if on another host: its worker advertises and listens on another address than the first agent's
        Agent second = startAgent(dir.resolve("agent-2"), "127.0.0.3");
        controlPlane.place(AgentTestSupport.fileSink(broker, name, topic(name), output(name), 1, TargetState.RUNNING,
                null, null, 2));
        produce(broker, topic(name), 0, 200);

        await().atMost(Duration.ofSeconds(180)).until(() -> workerIdsOfRunningTasks(second, name).size() == 2);
        assertThat(workerIdsOfRunningTasks(second, name)).extracting(id -> id.substring(0, id.lastIndexOf(':')))
                .containsExactlyInAnyOrder(AgentTestSupport.HOST, "127.0.0.3");
        await().atMost(Duration.ofSeconds(60)).until(() -> committedOffsets(name) == 200);

        AgentTestSupport.stopAgentAndWorkers(agent);
        long hostLostAt = System.nanoTime();
        produce(broker, topic(name), 200, 400);
        String survivor = second.runtime().worker(name).orElseThrow().restUrl().replace("http://", "");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> workerIdsOfRunningTasks(second, name).equals(Set.of(survivor))
                        && reportOf(second, name).map(report -> report.tasks().size() == 2).orElse(false));
        System.out.printf("FIGURE host lost: survivor runs all tasks after %d ms%n",
                Duration.ofNanos(System.nanoTime() - hostLostAt).toMillis());
        await().atMost(Duration.ofSeconds(60)).until(() -> committedOffsets(name) == 400);
        assertThat(reportOf(second, name).orElseThrow().state()).isEqualTo("RUNNING");
    }

    private static Set<String> workerIdsOfRunningTasks(Agent agent, String name) {
        return reportOf(agent, name).stream().flatMap(report -> report.tasks().stream())
                .filter(task -> "RUNNING".equals(task.state())).map(TaskReport::workerId).collect(Collectors.toSet());
    }

    private static Optional<ConnectorReport> reportOf(Agent agent, String name) {
        return agent.reports().stream().filter(report -> name.equals(report.name())).findFirst();
    }

    /** What the sink consumer group {@code connect-<name>} committed, over all partitions. */
    private static long committedOffsets(String name) throws Exception {
        try (Admin admin = broker.admin()) {
            return admin.listConsumerGroupOffsets("connect-" + name).partitionsToOffsetAndMetadata().get()
                    .values().stream().mapToLong(OffsetAndMetadata::offset).sum();
        }
    }
}
