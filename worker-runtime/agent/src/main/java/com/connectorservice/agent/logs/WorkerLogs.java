package com.connectorservice.agent.logs;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.connectorservice.contracts.agent.AgentProtocol.ConnectorReport;
import com.connectorservice.contracts.agent.AgentProtocol.TaskLog;

/**
 * Puts the tail of each connector's worker log into its heartbeat report ({@link ConnectorReport#logs()}), only when
 * the tail changed since it was last sent, or {@link #RESEND_AFTER} passed (a heartbeat that did not arrive is made
 * good then). The connector's secret values are blanked out of every line before it leaves the host.
 */
public final class WorkerLogs {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerLogs.class);
    static final Duration RESEND_AFTER = Duration.ofSeconds(60);
    /**
     * The log lines one heartbeat carries at most, in characters (up to about 6 MiB of UTF-8, well under the control
     * plane's 16 MiB a request): a tail is up to 200 lines of 2,000 characters per task, and an agent running hundreds
     * of connectors would otherwise resend them all in the same heartbeat every minute, which the control plane refuses
     * whole.
     */
    static final long MAX_CHARS_PER_HEARTBEAT = 2L << 20;
    static final String HIDDEN = "[hidden]";
    /** Shorter values would blank ordinary words; secrets are keys and passwords, longer than this. */
    static final int MIN_SECRET_LENGTH = 4;

    private final Clock clock;
    private final Map<Path, WorkerLogFile> files = new HashMap<>();
    private final Map<String, Sent> sent = new HashMap<>();

    private record Sent(int fingerprint, Instant at) {
    }

    public WorkerLogs() {
        this(Clock.systemUTC());
    }

    WorkerLogs(Clock clock) {
        this.clock = clock;
    }

    /**
     * @param logFile the worker log of a connector, when its runtime has one
     * @param secrets the secret values of a connector (the desired state's), to blank out
     */
    public synchronized List<ConnectorReport> withChangedTails(List<ConnectorReport> reports,
            Function<String, Optional<Path>> logFile, Function<String, Collection<String>> secrets) {
        Map<String, Path> logOf = new HashMap<>();
        reports.forEach(report -> logFile.apply(report.name()).ifPresent(file -> logOf.put(report.name(), file)));
        Set<Path> polled = new HashSet<>(logOf.values());
        files.keySet().retainAll(polled);
        for (Path file : polled) {
            try {
                files.computeIfAbsent(file, WorkerLogFile::new).poll();
            } catch (IOException e) {
                LOG.debug("could not read {}: {}", file, e.toString());
            }
        }
        sent.keySet().retainAll(logOf.keySet());
        Instant now = clock.instant();
        Map<String, List<TaskLog>> due = new HashMap<>();
        for (ConnectorReport report : reports) {
            Path file = logOf.get(report.name());
            if (file != null) {
                List<TaskLog> tail = redacted(files.get(file).tail(report.name()), secrets.apply(report.name()));
                Sent last = sent.get(report.name());
                if (last == null || last.fingerprint() != tail.hashCode() || !last.at().plus(RESEND_AFTER).isAfter(now)) {
                    due.put(report.name(), tail);
                }
            }
        }
        // the tails waiting longest first, as many as the heartbeat's budget holds; the others go with the next ones
        List<String> sending = due.keySet().stream().sorted(Comparator.comparing((String name) ->
                sent.containsKey(name) ? sent.get(name).at() : Instant.MIN)).toList();
        long room = MAX_CHARS_PER_HEARTBEAT;
        Set<String> sendNow = new HashSet<>();
        for (String name : sending) {
            long chars = due.get(name).stream().flatMap(log -> log.lines().stream()).mapToLong(String::length).sum();
            if (chars > room && !sendNow.isEmpty()) {
                break;
            }
            room -= chars;
            sendNow.add(name);
            sent.put(name, new Sent(due.get(name).hashCode(), now));
        }
        return reports.stream().map(report -> sendNow.contains(report.name()) ? report.withLogs(due.get(report.name()))
                : report).toList();
    }

    static List<TaskLog> redacted(List<TaskLog> tail, Collection<String> secrets) {
        List<String> values = secrets == null ? List.of() : secrets.stream().filter(Objects::nonNull)
                .filter(value -> value.length() >= MIN_SECRET_LENGTH).toList();
        if (values.isEmpty()) {
            return tail;
        }
        return tail.stream().map(log -> new TaskLog(log.task(), log.lines().stream().map(line -> {
            String blanked = line;
            for (String value : values) {
                blanked = blanked.replace(value, HIDDEN);
            }
            return blanked;
        }).toList())).toList();
    }
}
