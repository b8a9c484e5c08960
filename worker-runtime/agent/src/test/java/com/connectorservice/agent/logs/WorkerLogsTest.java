package com.connectorservice.agent.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.connectorservice.contracts.agent.AgentProtocol.ConnectorReport;
import com.connectorservice.contracts.agent.AgentProtocol.TaskLog;

/** The tail of a worker log shared by several connectors, as the agent puts it into its heartbeat reports. */
class WorkerLogsTest {

    private static final String SECRET = "s3cr3t-AccessKeySecret";

    @TempDir
    Path dir;

    private Path log;
    private final MutableClock clock = new MutableClock();
    private final WorkerLogs logs = new WorkerLogs(clock);

    @Test
    void eachConnectorGetsItsOwnLinesPerTaskWithTheirStackTracesAndNoSecret() throws IOException {
        log = dir.resolve("worker.log");
        append("2026-12-05 11:00:00,000 INFO  Kafka version: 4.3.1 (org.apache.kafka.common.utils.AppInfoParser)",
                "2026-12-05 11:00:01,000 INFO  [orders|worker] Creating connector orders (Worker)",
                "2026-12-05 11:00:02,000 INFO  [orders|task-0] Started task with key " + SECRET + " (MaxComputeSinkTask)",
                "2026-12-05 11:00:02,100 INFO  [payments|task-0] Started task (MaxComputeSinkTask)",
                "2026-12-05 11:00:03,000 ERROR [orders|task-1] WorkerSinkTask{id=orders-1} Task threw an uncaught exception (WorkerTask)",
                "org.apache.kafka.connect.errors.ConnectException: poisoned record",
                "\tat com.example.Sink.put(Sink.java:1)",
                "Caused by: java.io.IOException: refused",
                "\t... 11 more",
                // java.util.logging writes to the console past Logback: not a connector's line
                "Dec 05, 2026 11:27:00 AM org.glassfish.jersey.internal.inject.Providers checkProviderRuntime",
                "WARNING: A provider registered in SERVER runtime does not implement any provider interfaces",
                "2026-12-05 11:00:04,000 INFO  [payments|task-0|offsets] Committing offsets (WorkerSinkTask)",
                "2026-12-05 11:00:05,000 INFO  Herder loop (DistributedHerder)");

        Map<String, List<TaskLog>> sent = send("orders", "payments");

        assertThat(sent.get("orders")).containsExactly(
                new TaskLog(null, List.of("2026-12-05 11:00:01,000 INFO  [orders|worker] Creating connector orders (Worker)")),
                new TaskLog(0, List.of("2026-12-05 11:00:02,000 INFO  [orders|task-0] Started task with key [hidden] (MaxComputeSinkTask)")),
                new TaskLog(1, List.of(
                        "2026-12-05 11:00:03,000 ERROR [orders|task-1] WorkerSinkTask{id=orders-1} Task threw an uncaught exception (WorkerTask)",
                        "org.apache.kafka.connect.errors.ConnectException: poisoned record",
                        "\tat com.example.Sink.put(Sink.java:1)",
                        "Caused by: java.io.IOException: refused",
                        "\t... 11 more")));
        assertThat(sent.get("payments")).containsExactly(new TaskLog(0, List.of(
                "2026-12-05 11:00:02,100 INFO  [payments|task-0] Started task (MaxComputeSinkTask)",
                "2026-12-05 11:00:04,000 INFO  [payments|task-0|offsets] Committing offsets (WorkerSinkTask)")));
    }

    @Test
    void aTailIsSentWhenItChangedOrAMinutePassedAndKeepsTheLastLinesOnly() throws IOException {
        log = dir.resolve("worker.log");
        List<String> many = new ArrayList<>();
        for (int i = 0; i < TaskLog.MAX_LINES + 50; i++) {
            many.add("2026-12-05 11:00:00,000 INFO  [orders|task-0] line " + i + " (Sink)");
        }
        append(many.toArray(String[]::new));
        List<String> lines = send("orders").get("orders").get(0).lines();
        assertThat(lines).hasSize(TaskLog.MAX_LINES);
        assertThat(lines.get(lines.size() - 1)).contains("line " + (TaskLog.MAX_LINES + 49) + " ");

        assertThat(send("orders")).as("unchanged: not sent again").isEmpty();
        append("2026-12-05 11:00:09,000 INFO  [orders|task-0] a new line (Sink)");
        assertThat(send("orders").get("orders").get(0).lines()).last().asString().contains("a new line");
        clock.now = clock.now.plus(WorkerLogs.RESEND_AFTER);
        assertThat(send("orders")).as("sent again after a while, in case a heartbeat was lost").containsKey("orders");

        Files.writeString(log, "2026-12-05 12:00:00,000 INFO  [orders|task-0] after rotation (Sink)\n");
        assertThat(send("orders").get("orders").get(0).lines()).last().asString().contains("after rotation");
    }

    @Test
    void aHeartbeatCarriesTheTailsItsBudgetHoldsAndTheNextOneTheRest() throws IOException {
        log = dir.resolve("worker.log");
        String[] connectors = new String[8];
        List<String> lines = new ArrayList<>();
        for (int c = 0; c < connectors.length; c++) {
            connectors[c] = "busy-" + c;
            for (int i = 0; i < TaskLog.MAX_LINES; i++) {
                lines.add("2026-12-05 11:00:00,000 ERROR [busy-" + c + "|task-0] " + "x".repeat(TaskLog.MAX_LINE_CHARS - 60));
            }
        }
        append(lines.toArray(String[]::new));

        Map<String, List<TaskLog>> first = send(connectors);
        Map<String, List<TaskLog>> second = send(connectors);

        assertThat(chars(first)).isLessThanOrEqualTo(WorkerLogs.MAX_CHARS_PER_HEARTBEAT);
        assertThat(first.size()).as("as many as fit").isGreaterThanOrEqualTo(4);
        assertThat(second.keySet()).as("the rest, the next time").doesNotContainAnyElementsOf(first.keySet())
                .hasSize(connectors.length - first.size());
        assertThat(send(connectors)).as("all sent, none changed").isEmpty();
    }

    private static long chars(Map<String, List<TaskLog>> sent) {
        return sent.values().stream().flatMap(List::stream).flatMap(log -> log.lines().stream())
                .mapToLong(String::length).sum();
    }

    @Test
    void aLineLongerThanTheLimitIsCutBetweenWords() throws IOException {
        log = dir.resolve("worker.log");
        String longLine = "2026-12-05 11:00:00,000 INFO  [orders|task-0] " + "word ".repeat(TaskLog.MAX_LINE_CHARS / 5)
                + SECRET + " end";
        append(longLine);
        String sent = send("orders").get("orders").get(0).lines().get(0);
        assertThat(sent).hasSizeLessThanOrEqualTo(TaskLog.MAX_LINE_CHARS + 2).endsWith(" …")
                .doesNotContain(SECRET.substring(0, WorkerLogs.MIN_SECRET_LENGTH));
    }

    private Map<String, List<TaskLog>> send(String... connectors) {
        List<ConnectorReport> reports = java.util.Arrays.stream(connectors)
                .map(name -> new ConnectorReport(name, "kafka-1", 1, "RUNNING", null, List.of(), null, List.of(), null))
                .toList();
        Map<String, List<TaskLog>> sent = new java.util.TreeMap<>();
        logs.withChangedTails(reports, name -> Optional.of(log), name -> List.of(SECRET, "ab"))
                .stream().filter(report -> report.logs() != null)
                .forEach(report -> sent.put(report.name(), report.logs()));
        return sent;
    }

    private void append(String... lines) throws IOException {
        Files.writeString(log, String.join("\n", lines) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    private static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-12-05T11:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
