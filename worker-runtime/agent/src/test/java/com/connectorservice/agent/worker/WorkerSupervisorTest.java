package com.connectorservice.agent.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.connectorservice.agent.Json;

class WorkerSupervisorTest {

    @TempDir
    Path dir;

    @Test
    void adoptsNoProcessThatIsDeadOrIsNotItsWorker() throws Exception {
        Process finished = new ProcessBuilder("true").start();
        finished.waitFor();
        leaveWorkerState("gone", finished.pid());
        leaveWorkerState("reused-pid", ProcessHandle.current().pid());

        WorkerSupervisor supervisor = new WorkerSupervisor(dir, WorkerAddress.of("127.0.0.1"),
                new WorkerLaunch(WorkerLaunch.currentJava(),
                List.of(), "", dir), Duration.ofSeconds(60), () -> { });

        assertThat(supervisor.adoptRunningWorkers()).isEmpty();
        assertThat(supervisor.connectors()).isEmpty();
        assertThat(ProcessHandle.current().isAlive()).isTrue();
    }

    @Test
    void firstCrashRestartsAtOnceRepeatedCrashesBackOffExponentiallyAndAStableRunResetsTheBackOff() {
        ChildWorker child = new ChildWorker("c");
        Duration base = Duration.ofSeconds(1);
        Duration max = Duration.ofSeconds(60);
        Duration stable = Duration.ofMinutes(2);
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        long[] expectedDelays = {0, 1, 2, 4, 8, 16, 32, 60, 60};
        for (long expected : expectedDelays) {
            child.startedAt = now;
            child.exited = false;
            now = now.plusSeconds(5);
            child.recordExit(137, now, base, max, stable);
            assertThat(Duration.between(now, child.nextStartAt).toSeconds()).isEqualTo(expected);
        }
        child.startedAt = now;
        child.exited = false;
        now = now.plus(stable).plusSeconds(1);
        child.recordExit(1, now, base, max, stable);
        assertThat(child.nextStartAt).as("a crash after a stable run restarts at once").isEqualTo(now);
        assertThat(child.lastExit.exitCode()).isEqualTo(1);
    }

    @Test
    void aWorkerListensOnAndAdvertisesTheAgentsAddressNotLoopback() {
        Map<String, String> settings = WorkerSettings.withListener(Map.of("group.id", "connect-cluster-c"),
                new WorkerAddress("10.0.3.17", "0.0.0.0"), 41873);
        assertThat(settings).containsEntry("listeners", "http://0.0.0.0:41873")
                .containsEntry("rest.advertised.host.name", "10.0.3.17").containsEntry("rest.advertised.port", "41873");
        assertThat(WorkerSettings.withoutListener(settings)).containsOnlyKeys("group.id");
        assertThat(WorkerSettings.withListener(Map.of(), WorkerAddress.of("127.0.0.2"), 1)).containsEntry("listeners",
                "http://127.0.0.2:1");
        assertThat(WorkerAddress.restUrl("fd00::17", 8083)).isEqualTo("http://[fd00::17]:8083");
    }

    private void leaveWorkerState(String connector, long pid) throws Exception {
        Path workerDir = Files.createDirectories(dir.resolve(connector));
        Files.writeString(workerDir.resolve("worker.properties"), "group.id=connect-cluster-" + connector + "\n");
        Json.MAPPER.writeValue(workerDir.resolve("worker.json").toFile(),
                new WorkerSupervisor.WorkerState(pid, 1, Instant.now().toString(), 0, "127.0.0.1"));
    }
}
