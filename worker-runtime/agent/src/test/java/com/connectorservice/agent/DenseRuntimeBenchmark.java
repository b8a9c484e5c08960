package com.connectorservice.agent;

import static com.connectorservice.agent.AgentScenarioTest.allTasksRunning;
import static com.connectorservice.agent.AgentTestSupport.fileSink;
import static com.connectorservice.agent.AgentTestSupport.lines;
import static com.connectorservice.agent.AgentTestSupport.produce;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.connectorservice.agent.worker.ResidentMemory;
import com.connectorservice.contracts.agent.AgentProtocol.ConnectorReport;
import com.connectorservice.contracts.agent.AgentProtocol.DesiredConnector;
import com.connectorservice.contracts.agent.Isolation;
import com.connectorservice.contracts.agent.TargetState;
import com.connectorservice.testing.KafkaBroker;

/**
 * Issue 14's figures: create→RUNNING per connector and resident memory with 1, 10 and 40 connectors in the dense
 * runtime, the same for process-per-connector workers, and the time to bring 40 connectors back after a kill -9 of
 * their dense JVM. Real broker, Kafka's FileStreamSinkConnector, the agent's own worker settings. The dense figures
 * are medians of {@code -Dbenchmark.rounds} rounds (5).
 * {@code ./mvnw -pl worker-runtime/agent test -Pbenchmark -Dtest=DenseRuntimeBenchmark}; a quiet machine only.
 */
class DenseRuntimeBenchmark {

    private static final int DENSE_CONNECTORS = 40;
    private static final int PROCESS_CONNECTORS = 3;
    private static final int RECORDS = 100;
    /** Each round deploys the 40 dense connectors, kills their JVM and removes them; figures are medians of these. */
    private static final int ROUNDS = Integer.getInteger("benchmark.rounds", 5);

    private record DenseRound(long firstMillis, long medianMillis, long rss1, long rss10, long rss40, long redeployMillis) {
        double perConnectorMib() {
            return (rss40 - rss1) / (double) (DENSE_CONNECTORS - 1) / (1 << 20);
        }
    }

    @TempDir
    Path dir;

    @Test
    void figures() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(); ControlPlaneStub controlPlane = new ControlPlaneStub(Duration.ofSeconds(5))) {
            Agent agent = AgentTestSupport.startAgent(dir.resolve("agent"), controlPlane.url());
            try {
                List<DenseRound> rounds = new ArrayList<>();
                for (int round = 1; round <= ROUNDS; round++) {
                    rounds.add(denseRound(broker, controlPlane, agent, "r" + round + "-dense-"));
                    DenseRound last = rounds.get(rounds.size() - 1);
                    System.out.printf("FIGURE round %d: first (JVM start) %d ms, median of the other %d %d ms, RSS 1/10/%d"
                                    + " connectors %d/%d/%d MiB, per connector beyond the first %.1f MiB, all %d back %d ms"
                                    + " after kill -9%n", round, last.firstMillis, DENSE_CONNECTORS - 1, last.medianMillis,
                            DENSE_CONNECTORS, last.rss1 >> 20, last.rss10 >> 20, last.rss40 >> 20, last.perConnectorMib(),
                            DENSE_CONNECTORS, last.redeployMillis);
                }
                System.out.printf("FIGURE dense, medians of %d rounds: create->RUNNING first (JVM start) %d ms, each further"
                                + " connector %d ms; dense JVM RSS with 1 / 10 / %d connectors %d / %d / %d MiB; per connector"
                                + " beyond the first %.1f MiB; all %d RUNNING again %d ms after a kill -9 of their JVM%n",
                        rounds.size(), median(rounds.stream().map(r -> r.firstMillis).toList()),
                        median(rounds.stream().map(r -> r.medianMillis).toList()), DENSE_CONNECTORS,
                        median(rounds.stream().map(r -> r.rss1).toList()) >> 20,
                        median(rounds.stream().map(r -> r.rss10).toList()) >> 20,
                        median(rounds.stream().map(r -> r.rss40).toList()) >> 20,
                        rounds.stream().mapToDouble(DenseRound::perConnectorMib).sorted().toArray()[rounds.size() / 2],
                        DENSE_CONNECTORS, median(rounds.stream().map(r -> r.redeployMillis).toList()));
                System.out.printf("FIGURE test JVM (agent, broker, stub) RSS %d MiB%n",
                        ResidentMemory.ofProcess(ProcessHandle.current().pid()).orElse(0L) >> 20);

                List<Long> processMillis = new ArrayList<>();
                List<Long> processRss = new ArrayList<>();
                for (int i = 1; i <= PROCESS_CONNECTORS; i++) {
                    processMillis.add(deploy(broker, controlPlane, "process-" + i, Isolation.PROCESS));
                }
                Thread.sleep(2_000);
                for (int i = 1; i <= PROCESS_CONNECTORS; i++) {
                    processRss.add(rss(controlPlane, "process-" + i));
                }
                long perProcess = processRss.stream().mapToLong(Long::longValue).sum() / PROCESS_CONNECTORS;
                System.out.printf("FIGURE process create->RUNNING ms: median %d, all %s%n", median(processMillis),
                        processMillis);
                System.out.printf("FIGURE process worker RSS MiB: %s; so 1 / 10 / 40 connectors: %d / %d / %d MiB%n",
                        processRss.stream().map(bytes -> bytes >> 20).toList(), perProcess >> 20,
                        (perProcess * 10) >> 20, (perProcess * 40) >> 20);
            } finally {
                AgentTestSupport.stopAgentAndWorkers(agent);
            }
        }
    }

    /** 40 connectors into one dense JVM, one by one, then a kill -9 of that JVM; all removed at the end. */
    private DenseRound denseRound(KafkaBroker broker, ControlPlaneStub controlPlane, Agent agent, String prefix)
            throws InterruptedException {
        List<Long> millis = new ArrayList<>();
        Map<Integer, Long> rss = new TreeMap<>();
        for (int i = 1; i <= DENSE_CONNECTORS; i++) {
            millis.add(deploy(broker, controlPlane, prefix + i, Isolation.DENSE));
            if (i == 1 || i == 10 || i == DENSE_CONNECTORS) {
                Thread.sleep(2_000);
                rss.put(i, rss(controlPlane, prefix + 1));
            }
        }
        long pid = controlPlane.report(prefix + 1).orElseThrow().worker().pid();
        long killedAt = System.nanoTime();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        for (int i = 1; i <= DENSE_CONNECTORS; i++) {
            String name = prefix + i;
            await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> controlPlane.report(name).filter(report -> isBack(report, pid)).isPresent());
        }
        long redeployMillis = Duration.ofNanos(System.nanoTime() - killedAt).toMillis();
        for (int i = 1; i <= DENSE_CONNECTORS; i++) {
            controlPlane.unplace(prefix + i);
        }
        await().atMost(Duration.ofMinutes(3)).until(() -> agent.runtime().connectors().isEmpty());
        return new DenseRound(millis.get(0), median(millis.subList(1, millis.size())), rss.get(1), rss.get(10),
                rss.get(DENSE_CONNECTORS), redeployMillis);
    }

    /** Places the connector with records waiting; returns ms from placing to RUNNING with all tasks. */
    private long deploy(KafkaBroker broker, ControlPlaneStub controlPlane, String name, Isolation isolation) {
        String topic = "topic-" + name;
        Path output = dir.resolve(name + ".txt");
        AgentTestSupport.provisionTopics(broker, name, topic);
        produce(broker, topic, 0, RECORDS);
        DesiredConnector connector = AgentTestSupport.withIsolation(
                fileSink(broker, name, topic, output, 1, TargetState.RUNNING, null, null), isolation);
        long placedAt = System.nanoTime();
        controlPlane.place(connector);
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(20))
                .until(() -> controlPlane.report(name).filter(report -> "RUNNING".equals(report.state()))
                        .filter(AgentScenarioTest::allTasksRunning).isPresent());
        long millis = Duration.ofNanos(System.nanoTime() - placedAt).toMillis();
        await().atMost(Duration.ofMinutes(2)).until(() -> lines(output).size() >= RECORDS);
        return millis;
    }

    private static long rss(ControlPlaneStub controlPlane, String name) {
        return ResidentMemory.ofProcess(controlPlane.report(name).orElseThrow().worker().pid()).orElseThrow();
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static boolean isBack(ConnectorReport report, long killedPid) {
        return report.worker() != null && report.worker().pid() != null && report.worker().pid() != killedPid
                && "RUNNING".equals(report.state()) && allTasksRunning(report);
    }
}
