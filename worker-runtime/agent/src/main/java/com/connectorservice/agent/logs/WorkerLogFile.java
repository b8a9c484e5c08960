package com.connectorservice.agent.logs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.connectorservice.contracts.agent.AgentProtocol.TaskLog;

/**
 * Follows one worker's log ({@code worker.log}): reads what was appended since the last poll and keeps, per connector
 * and task, the last {@link TaskLog#MAX_LINES} lines. A dense JVM's log holds the lines of all the connectors it hosts;
 * Connect marks each line of a connector's threads with {@code connector.context} ({@code [<name>|task-<n>] },
 * {@code [<name>|worker] }), which the workers' log pattern prints, and the lines that continue an entry (a stack
 * trace) belong to the entry they continue.
 */
final class WorkerLogFile {

    /** The first poll of a file already written reads its end only: enough for the last lines of every connector. */
    static final long FIRST_READ_BYTES = 4L << 20;
    /** A poll reads at most this much; a log that grew more in between is read from this far before its end. */
    static final long MAX_READ_BYTES = 8L << 20;
    private static final Pattern CONTEXT = Pattern.compile("\\[([^|\\]\\s]+)\\|(?:task-(\\d+)|worker)(?:\\|[^\\]]*)?\\] ");
    /** An entry of the workers' pattern starts with its time ({@code 2026-12-05 11:07:14,123}). */
    private static final Pattern ENTRY_START = Pattern.compile("^\\d{4}-\\d\\d-\\d\\d[ T]\\d\\d:\\d\\d:\\d\\d");
    /**
     * The lines that continue an entry: indented (stack frames, a config dump), a cause, or the exception's own line. Any
     * other line is not ours (a library logging to the console directly, e.g. through java.util.logging) and closes
     * the entry rather than joining a connector's lines.
     */
    private static final Pattern CONTINUATION = Pattern.compile(
            "^(\\s|Caused by: |Suppressed: |[\\w$.]+(Exception|Error|Throwable)(: |$))");
    /** Connector-level lines ({@code |worker}) are kept under this key; tasks under their number. */
    private static final int CONNECTOR = -1;

    private final Path file;
    private long position = -1;
    private byte[] partialLine = new byte[0];
    /** After a read that starts inside the file: its first line is a part of one. */
    private boolean skipToNextLine;
    private Deque<String> openEntry;
    private final Map<String, Map<Integer, Deque<String>>> lines = new HashMap<>();

    WorkerLogFile(Path file) {
        this.file = file;
    }

    /** Reads what the worker appended since the last poll; a log that shrank (rotated, truncated) is read anew. */
    void poll() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (position < 0) {
                position = Math.max(0, size - FIRST_READ_BYTES);
                partialLine = new byte[0];
                openEntry = null;
                skipToNextLine = position > 0;
            } else if (size < position) {
                position = 0;
                partialLine = new byte[0];
                openEntry = null;
            }
            if (size - position > MAX_READ_BYTES) {
                position = size - MAX_READ_BYTES;
                partialLine = new byte[0];
                openEntry = null;
                skipToNextLine = true;
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) (size - position));
            while (buffer.hasRemaining() && channel.read(buffer, position + buffer.position()) > 0) {
                // read until the end seen at the start of this poll
            }
            position += buffer.position();
            consume(buffer.array(), buffer.position());
        }
    }

    private void consume(byte[] bytes, int length) {
        int start = 0;
        for (int i = 0; i < length; i++) {
            if (bytes[i] == '\n') {
                byte[] line = new byte[partialLine.length + i - start];
                System.arraycopy(partialLine, 0, line, 0, partialLine.length);
                System.arraycopy(bytes, start, line, partialLine.length, i - start);
                partialLine = new byte[0];
                start = i + 1;
                if (skipToNextLine) {
                    skipToNextLine = false;
                    continue;
                }
                line(new String(line, StandardCharsets.UTF_8));
            }
        }
        byte[] rest = new byte[partialLine.length + length - start];
        System.arraycopy(partialLine, 0, rest, 0, partialLine.length);
        System.arraycopy(bytes, start, rest, partialLine.length, length - start);
        partialLine = rest.length > TaskLog.MAX_LINE_CHARS * 4 ? new byte[0] : rest;
    }

    private void line(String text) {
        String line = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        if (line.length() > TaskLog.MAX_LINE_CHARS) {
            // cut between words: a secret cut in two would not be recognised and blanked
            int cut = line.lastIndexOf(' ', TaskLog.MAX_LINE_CHARS);
            line = line.substring(0, cut > TaskLog.MAX_LINE_CHARS / 2 ? cut : TaskLog.MAX_LINE_CHARS) + " …";
        }
        if (ENTRY_START.matcher(line).find()) {
            Matcher context = CONTEXT.matcher(line);
            openEntry = context.find()
                    ? lines.computeIfAbsent(context.group(1), connector -> new TreeMap<>())
                            .computeIfAbsent(context.group(2) == null ? CONNECTOR : Integer.parseInt(context.group(2)),
                                    task -> new ArrayDeque<>())
                    : null;
        } else if (!CONTINUATION.matcher(line).find()) {
            openEntry = null;
        }
        if (openEntry != null) {
            openEntry.addLast(line);
            while (openEntry.size() > TaskLog.MAX_LINES) {
                openEntry.removeFirst();
            }
        }
    }

    /** The connector's kept lines, the connector's own first, then its tasks by number. */
    List<TaskLog> tail(String connector) {
        List<TaskLog> tail = new ArrayList<>();
        lines.getOrDefault(connector, Map.of()).forEach((task, kept) ->
                tail.add(new TaskLog(task == CONNECTOR ? null : task, List.copyOf(kept))));
        return tail;
    }
}
