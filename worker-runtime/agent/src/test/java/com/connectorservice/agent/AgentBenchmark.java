package com.connectorservice.agent;

import static com.connectorservice.agent.AgentTestSupport.fileSink;
import static com.connectorservice.agent.AgentTestSupport.lines;
import static com.connectorservice.agent.AgentTestSupport.produce;
import static com.connectorservice.agent.AgentScenarioTest.allTasksRunning;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.connectorservice.contracts.agent.AgentProtocol.ConnectorReport;
import com.connectorservice.contracts.agent.TargetState;
import com.connectorservice.testing.KafkaBroker;

/**
 * Prints the agent's figures: desired state to RUNNING (median of 5), resident memory of a child worker, and how
 * long a SIGKILLed worker takes to be RUNNING again. Not part of the normal suite (surefire does not pick up
 * {@code *Benchmark}); run it with {@code ./mvnw -pl worker-runtime/agent verify -Dtest=AgentBenchmark}.
 */
class AgentBenchmark {

    private static final int RUNS = 5;
    private static final int RECORDS = 20_000;

    @TempDir
    Path dir;

    @Test
    void figures() throws Exception {
        try (KafkaBroker broker = KafkaBroker.start(); ControlPlaneStub controlPlane = new ControlPlaneStub()) {
            Agent agent = AgentTestSupport.startAgent(dir.resolve("agent"), controlPlane.url());
            try {
                List<Long> startMillis = new ArrayList<>();
                List<Long> rssKib = new ArrayList<>();
                for (int run = 0; run < RUNS; run++) {
                    String name = "bench-" + run;
                    String topic = "bench-topic-" + run;
                    Path output = dir.resolve(name + ".txt");
                    AgentTestSupport.provisionTopics(broker, name, topic);
                    produce(broker, topic, 0, RECORDS);
                    long placedAt = System.nanoTime();
                    controlPlane.place(fileSink(broker, name, topic, output, 1, TargetState.RUNNING, null, null));
                    await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(100))
                            .until(() -> controlPlane.report(name).filter(r -> "RUNNING".equals(r.state()))
                                    .filter(AgentScenarioTest::allTasksRunning).isPresent());
                    startMillis.add(Duration.ofNanos(System.nanoTime() - placedAt).toMillis());
                    await().atMost(Duration.ofMinutes(2)).until(() -> lines(output).size() >= RECORDS);
                    long pid = controlPlane.report(name).orElseThrow().worker().pid();
                    rssKib.add(rssKib(pid));

                    if (run == RUNS - 1) {
                        for (int kill = 0; kill < 3; kill++) {
                            long current = controlPlane.report(name).orElseThrow().worker().pid();
                            long killedAt = System.nanoTime();
                            ProcessHandle.of(current).orElseThrow().destroyForcibly();
                            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                                    .until(() -> controlPlane.report(name).filter(r -> isBack(r, current)).isPresent());
                            System.out.printf("FIGURE kill -9 #%d: RUNNING again after %d ms%n", kill + 1,
                                    Duration.ofNanos(System.nanoTime() - killedAt).toMillis());
                            Thread.sleep(3_000);
                        }
                    }
                    controlPlane.unplace(name);
                    await().atMost(Duration.ofMinutes(1)).until(() -> !ProcessHandle.of(pid)
                            .map(ProcessHandle::isAlive).orElse(false));
                }
                System.out.printf("FIGURE desired state -> RUNNING (all tasks), ms: %s, median %d%n", startMillis,
                        startMillis.stream().sorted().toList().get(RUNS / 2));
                System.out.printf("FIGURE child worker RSS after %d records, MiB: %s%n", RECORDS,
                        rssKib.stream().map(kib -> kib / 1024).toList());
            } finally {
                AgentTestSupport.stopAgentAndWorkers(agent);
            }
        }
    }

    private static boolean isBack(ConnectorReport report, long killedPid) {
        return report.worker() != null && report.worker().pid() != null && report.worker().pid() != killedPid
                && "RUNNING".equals(report.state()) && allTasksRunning(report);
    }

    private static long rssKib(long pid) throws IOException {
        return Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(line -> line.startsWith("VmRSS:"))
                .mapToLong(line -> Long.parseLong(line.replaceAll("\\D", "")))
                .findFirst().orElseThrow();
    }
}
