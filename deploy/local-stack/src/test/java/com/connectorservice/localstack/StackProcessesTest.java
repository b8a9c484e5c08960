package com.connectorservice.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What an earlier launcher killed with SIGKILL left running is found by its data directory and stopped. */
class StackProcessesTest {

    @TempDir
    Path temp;

    private Process ours;
    private Process someoneElses;

    @AfterEach
    void cleanUp() {
        for (Process process : new Process[] {ours, someoneElses}) {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void stopsLeftoversOfItsDataDirectoryAndNothingElse() throws Exception {
        Path data = temp.resolve("data");
        Path otherData = temp.resolve("data2");
        Path sleeper = temp.resolve("Sleep.java");
        Files.writeString(sleeper, "class Sleep { public static void main(String[] a) throws Exception { Thread.sleep(600_000); } }");
        ours = sleeper(sleeper, data);
        someoneElses = sleeper(sleeper, otherData);

        StackProcesses processes = new StackProcesses(data);
        assertThat(processes.leftovers()).extracting(ProcessHandle::pid).containsExactly(ours.pid());
        assertThat(processes.residentBytes()).hasValueSatisfying(bytes -> assertThat(bytes).isPositive());

        assertThat(processes.stopLeftovers(Duration.ofSeconds(10))).isEqualTo(1);
        assertThat(ours.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(someoneElses.isAlive()).as("a stack on another data directory (data2, a prefix match) is left alone")
                .isTrue();
        assertThat(processes.leftovers()).isEmpty();
    }

    private static Process sleeper(Path source, Path dataDirectory) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx16m",
                "-Dconnectorservice.localstack=" + dataDirectory + "/", source.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    }
}
