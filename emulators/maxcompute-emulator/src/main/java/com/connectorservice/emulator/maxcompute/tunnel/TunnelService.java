package com.connectorservice.emulator.maxcompute.tunnel;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.connectorservice.emulator.maxcompute.HttpCall;
import com.connectorservice.emulator.maxcompute.ServiceException;
import com.connectorservice.emulator.maxcompute.catalog.Catalog;
import com.connectorservice.emulator.maxcompute.catalog.Column;
import com.connectorservice.emulator.maxcompute.catalog.Durable;
import com.connectorservice.emulator.maxcompute.catalog.Partition;
import com.connectorservice.emulator.maxcompute.catalog.PartitionValues;
import com.connectorservice.emulator.maxcompute.catalog.RowSnapshot;
import com.connectorservice.emulator.maxcompute.catalog.Segment;
import com.connectorservice.emulator.maxcompute.catalog.Table;
import com.connectorservice.emulator.maxcompute.sql.SqlResult;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.rocksdb.WriteBatch;

/**
 * The table tunnel: batch upload sessions ({@code ?uploads}, {@code ?uploadid&blockid}, commit), streaming
 * sessions ({@code /streams}) whose packs are visible as soon as they are acknowledged, and download
 * sessions ({@code ?downloads}, {@code ?downloadid&data}).
 */
public final class TunnelService {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter SESSION_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final Catalog catalog;
    private final Path sessionsDirectory;
    private final Map<String, UploadSession> uploads = new ConcurrentHashMap<>();
    private final Map<String, StreamSession> streams = new ConcurrentHashMap<>();
    private final Map<String, UpsertSession> upserts = new ConcurrentHashMap<>();
    private final DownloadSessions<DownloadSession> downloads = new DownloadSessions<>(session -> session.rows().heldRows());
    private final AtomicLong packSequence = new AtomicLong();

    /** Persisted as {@code stream.json} so a client's session outlives an emulator restart. */
    record StreamSession(String id, String project, String table, String tableId, String partitionSpec) {
    }

    /** A snapshot to read: a table partition's committed blocks, or an instance's result rows. */
    private record DownloadSession(String id, List<Column> columns, Map<String, Object> schemaJson, RowSnapshot rows) {

        long recordCount() {
            return rows.recordCount();
        }
    }

    public TunnelService(Catalog catalog, Path dataDirectory) {
        this.catalog = catalog;
        this.sessionsDirectory = dataDirectory.resolve("sessions");
    }

    /** Handles {@code /projects/<p>[/schemas/<s>]/tables/<t>[/streams]}. */
    public void handle(HttpCall call, String project, String tableName, boolean streamsResource) throws IOException {
        catalog.requireProject(project);
        if (streamsResource) {
            handleStream(call, project, tableName);
            return;
        }
        String method = call.method();
        if (method.equals("POST") && call.has("uploads")) {
            createUpload(call, project, tableName);
        } else if (call.has("uploadid")) {
            UploadSession session = upload(call.param("uploadid"));
            switch (method) {
                case "PUT" -> {
                    session.writeBlock(parseLong("blockid", call.param("blockid")),
                            call.header("Content-Encoding"), call.body());
                    call.respond(200, "application/json", "");
                }
                case "POST" -> {
                    session.commit();
                    json(call, session.json());
                    // A committed session is read again from disk if asked for; keeping every one would grow the
                    // heap by one entry per commit for as long as the emulator runs.
                    uploads.remove(session.info().id());
                }
                case "GET" -> json(call, session.json());
                default -> throw unsupported(call);
            }
        } else if (method.equals("POST") && call.has("downloads")) {
            createDownload(call, project, tableName);
        } else if (method.equals("GET") && call.has("downloadid")) {
            DownloadSession session = downloads.get(call.param("downloadid"));
            if (session == null) {
                throw ServiceException.notFound("NoSuchDownload", "download session " + call.param("downloadid")
                        + " does not exist");
            }
            if (call.has("data")) {
                download(call, session);
            } else {
                json(call, downloadJson(session));
            }
        } else {
            throw unsupported(call);
        }
    }

    /**
     * Handles {@code /projects/<p>[/schemas/<s>]/tables/<t>/upserts}: create ({@code POST}, {@code slotnum}), reload
     * ({@code GET ?upsertid}), commit ({@code POST ?upsertid}), abort ({@code DELETE ?upsertid}) and a bucket's pack
     * ({@code PUT ?upsertid&bucketid&slotid&record_count}, which the SDK sends to the tunnel host's root).
     */
    public void handleUpsert(HttpCall call, String project, String tableName) throws IOException {
        catalog.requireProject(project);
        String method = call.method();
        if (!call.has("upsertid")) {
            if (!method.equals("POST")) {
                throw unsupported(call);
            }
            Table table = catalog.table(project, tableName);
            if (!table.isDelta()) {
                throw ServiceException.badRequest("InvalidArgument", "table " + table.project() + "." + table.name()
                        + " is not a transactional table with a primary key; upsert sessions write Delta tables only");
            }
            PartitionValues partition = table.parsePartition(call.param("partition"));
            table.partition(partition);
            int slots = call.param("slotnum") == null ? 1 : (int) parseLong("slotnum", call.param("slotnum"));
            String id = newSessionId();
            UpsertSession.Info info = new UpsertSession.Info(id, table.project(), table.name(),
                    table.definition().tableId(), partition.spec(), table.definition().schemaVersion(), slots,
                    System.currentTimeMillis());
            UpsertSession session = UpsertSession.create(info, sessionsDirectory.resolve(id), catalog);
            upserts.put(id, session);
            json(call, session.json(routedServer(call)));
            return;
        }
        UpsertSession session = upsert(call.param("upsertid"));
        switch (method) {
            case "GET" -> json(call, session.json(routedServer(call)));
            case "POST" -> {
                session.commit();
                json(call, session.json(routedServer(call)));
                upserts.remove(call.param("upsertid")); // as a committed upload session: reloaded from disk if asked for
            }
            case "DELETE" -> {
                session.abort();
                upserts.remove(call.param("upsertid"));
                call.respond(200, "application/json", "");
            }
            case "PUT" -> {
                session.write((int) parseLong("bucketid", call.param("bucketid")), call.header("Content-Encoding"),
                        call.body(), call.param("record_count"));
                call.respond(200, "application/json", "");
            }
            default -> throw unsupported(call);
        }
    }

    private UpsertSession upsert(String id) {
        UpsertSession session = upserts.get(id);
        if (session != null) {
            return session;
        }
        Path directory = id.matches("[0-9a-zA-Z]+") ? sessionsDirectory.resolve(id) : null;
        if (directory == null || !Files.exists(directory.resolve("upsert.json"))) {
            throw ServiceException.notFound("UpsertSessionNotFound", "upsert session " + id + " does not exist");
        }
        try {
            return upserts.computeIfAbsent(id, k -> {
                try {
                    return UpsertSession.load(directory, catalog);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("cannot load upsert session " + id, e);
        }
    }

    private static ServiceException unsupported(HttpCall call) {
        return ServiceException.badRequest("InvalidArgument",
                "the emulator's tunnel does not support " + call.method() + " " + call.resource() + " with "
                        + call.params().keySet());
    }

    private static long parseLong(String name, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException | NullPointerException e) {
            throw ServiceException.badRequest("InvalidArgument", "parameter '" + name + "' must be a number, got '"
                    + value + "'");
        }
    }

    private static String newSessionId() {
        return LocalDateTime.now().format(SESSION_TIME) + UUID.randomUUID().toString().replace("-", "").substring(0, 18);
    }

    private void createUpload(HttpCall call, String project, String tableName) throws IOException {
        Table table = catalog.table(project, tableName);
        PartitionValues partition = table.parsePartition(call.param("partition"));
        table.partition(partition);
        String id = newSessionId();
        requireAppendable(table);
        UploadSession.Info info = new UploadSession.Info(id, table.project(), table.name(),
                table.definition().tableId(), partition.spec(), "true".equalsIgnoreCase(call.param("overwrite")),
                System.currentTimeMillis(), table.definition().schemaVersion());
        UploadSession session = UploadSession.create(info, catalog);
        uploads.put(id, session);
        json(call, session.json());
    }

    /** A Delta table takes upserts and deletes only. */
    private static void requireAppendable(Table table) {
        if (table.isDelta()) {
            throw ServiceException.badRequest("InvalidArgument", "table " + table.project() + "." + table.name()
                    + " is a transactional table with a primary key (Delta table): write it through an upsert session");
        }
    }

    private UploadSession upload(String id) {
        UploadSession session = uploads.get(id);
        if (session != null) {
            return session;
        }
        Path legacyDirectory = id.matches("[0-9a-zA-Z]+") ? sessionsDirectory.resolve(id) : null;
        try {
            return uploads.computeIfAbsent(id, k -> {
                try {
                    return UploadSession.find(id, legacyDirectory, catalog).orElseThrow(() ->
                            ServiceException.notFound("NoSuchUpload", "upload session " + id + " does not exist"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("cannot load upload session " + id, e);
        }
    }

    private void handleStream(HttpCall call, String project, String tableName) throws IOException {
        switch (call.method()) {
            case "POST" -> {
                Table table = catalog.table(project, tableName);
                requireAppendable(table);
                PartitionValues partition = table.parsePartition(call.param("partition"));
                if (call.has("create_partition")) {
                    table.addPartition(partition, true);
                } else {
                    table.partition(partition);
                }
                StreamSession session = new StreamSession(newSessionId(), table.project(), table.name(),
                        table.definition().tableId(), partition.spec());
                Durable.write(sessionsDirectory.resolve(session.id()).resolve("stream.json"),
                        JSON.writeValueAsBytes(session));
                streams.put(session.id(), session);
                streamJson(call, session, table);
            }
            case "GET" -> {
                StreamSession session = stream(call);
                streamJson(call, session, streamTable(session));
            }
            case "PUT" -> writePack(call, stream(call));
            default -> throw unsupported(call);
        }
    }

    private StreamSession stream(HttpCall call) {
        String id = String.valueOf(call.param("uploadid"));
        StreamSession session = streams.get(id);
        if (session != null) {
            return session;
        }
        Path file = id.matches("[0-9a-zA-Z]+") ? sessionsDirectory.resolve(id).resolve("stream.json") : null;
        if (file == null || !Files.exists(file)) {
            throw ServiceException.notFound("NoSuchSession", "stream upload session " + id + " does not exist");
        }
        try {
            session = JSON.readValue(file.toFile(), StreamSession.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot load stream session " + id, e);
        }
        streams.putIfAbsent(id, session);
        return session;
    }

    private Table streamTable(StreamSession session) {
        Table table = catalog.table(session.project(), session.table());
        if (!table.definition().tableId().equals(session.tableId())) {
            throw ServiceException.notFound("NoSuchTable", "table " + session.project() + "." + session.table()
                    + " was dropped after stream session " + session.id() + " was created");
        }
        return table;
    }

    private void streamJson(HttpCall call, StreamSession session, Table table) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("session_name", session.id());
        json.put("schema", table.tunnelSchemaJson());
        json.put("schema_version", "0");
        json.put("slots", List.of(List.of("0", routedServer(call))));
        json.put("status", "normal");
        json.put("quota_name", "");
        routing(call);
        json(call, json);
    }

    private static String routedServer(HttpCall call) {
        String host = call.host();
        return host.contains(":") ? host : host + ":80";
    }

    private static void routing(HttpCall call) {
        call.setLowerCaseHeader("odps-tunnel-slot-num", "1");
        call.setLowerCaseHeader("odps-tunnel-routed-server", routedServer(call));
    }

    private void writePack(HttpCall call, StreamSession session) throws IOException {
        Table table = streamTable(session);
        PartitionValues partition = table.parsePartition(call.param("partition") == null
                ? session.partitionSpec()
                : call.param("partition"));
        Partition target = table.partition(partition);
        long packNumber = packSequence.incrementAndGet();
        // unique across restarts: a reused id would make the commit look done already and drop the pack
        String packId = session.id() + "p" + UUID.randomUUID().toString().replace("-", "");
        Table.Definition definition = table.definition();
        SegmentWriter pack = BlockWriter.receive(definition.columns(), call.header("Content-Encoding"), call.body(),
                catalog.store());
        WriteBatch batch = new WriteBatch();
        Segment segment = pack.finish(batch);
        String expected = call.param("record_count");
        if (expected != null && !expected.equals(String.valueOf(segment.recordCount()))) {
            batch.close();
            throw RecordStreamFormat.malformed("record_count says " + expected + " but the pack holds "
                    + segment.recordCount() + " record(s)");
        }
        target.commit(packId, Partition.APPEND, definition.schemaVersion(), List.of(segment), false, batch);
        routing(call);
        call.setLowerCaseHeader("odps-tunnel-batch-id", String.valueOf(packNumber));
        call.respond(200, "application/json", "");
    }

    private void createDownload(HttpCall call, String project, String tableName) throws IOException {
        Table table = catalog.table(project, tableName);
        PartitionValues partition = table.parsePartition(call.param("partition"));
        DownloadSession session = new DownloadSession(newSessionId(), table.columns(), table.tunnelSchemaJson(),
                table.snapshot(table.partition(partition)));
        downloads.put(session.id(), session);
        json(call, downloadJson(session));
    }

    /**
     * The instance tunnel ({@code /projects/<p>/instances/<id>?downloads}, then {@code ?downloadid&data}), which
     * {@code SQLTask.getResultSet} reads query results with.
     */
    public void handleInstance(HttpCall call, Supplier<SqlResult> result) throws IOException {
        if (call.method().equals("POST") && call.has("downloads")) {
            SqlResult rowsAndColumns = result.get();
            List<Column> columns = rowsAndColumns.typedColumns();
            List<Object[]> rows = rowsAndColumns.rows();
            Map<String, Object> schema = new LinkedHashMap<>();
            schema.put("columns", Table.columnsJson(columns));
            schema.put("partitionKeys", List.of());
            DownloadSession session = new DownloadSession(newSessionId(), columns, schema, RowSnapshot.of(rows));
            downloads.put(session.id(), session);
            json(call, downloadJson(session));
        } else if (call.method().equals("GET") && call.has("downloadid")) {
            DownloadSession session = downloads.get(call.param("downloadid"));
            if (session == null) {
                throw ServiceException.notFound("NoSuchDownload", "download session " + call.param("downloadid")
                        + " does not exist");
            }
            if (call.has("data")) {
                download(call, session);
            } else {
                json(call, downloadJson(session));
            }
        } else {
            throw unsupported(call);
        }
    }

    private static Map<String, Object> downloadJson(DownloadSession session) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("DownloadID", session.id());
        json.put("Status", "normal");
        json.put("RecordCount", session.recordCount());
        json.put("Schema", session.schemaJson());
        json.put("QuotaName", "");
        return json;
    }

    private void download(HttpCall call, DownloadSession session) throws IOException {
        long start = 0;
        long count = session.recordCount();
        String range = call.param("rowrange");
        if (range != null) {
            String[] parts = range.replace("(", "").replace(")", "").split(",");
            start = parseLong("rowrange", parts[0].trim());
            count = parseLong("rowrange", parts.length > 1 ? parts[1].trim() : "");
        }
        if (start < 0 || count < 0 || start + count > session.recordCount()) {
            throw ServiceException.badRequest("InvalidRowRange", "row range (" + start + "," + count
                    + ") is outside the session's " + session.recordCount() + " record(s)");
        }
        List<Column> all = session.columns();
        List<Column> selected = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        if (call.param("columns") != null && !call.param("columns").isBlank()) {
            for (String name : call.param("columns").split(",")) {
                int position = indexOf(all, name.trim());
                selected.add(all.get(position));
                positions.add(position);
            }
        } else {
            selected.addAll(all);
            for (int i = 0; i < all.size(); i++) {
                positions.add(i);
            }
        }
        boolean deflate = String.valueOf(call.header("Accept-Encoding")).contains("deflate");
        if (deflate) {
            call.setHeader("Content-Encoding", "deflate");
        }
        OutputStream body = call.respondStreaming(200, "application/octet-stream");
        try (OutputStream out = new BufferedOutputStream(deflate ? new java.util.zip.DeflaterOutputStream(body) : body)) {
            RecordStreamFormat.Encoder encoder = new RecordStreamFormat.Encoder(selected, out);
            long toSend = count;
            long[] sent = {0};
            Predicate<Object[]> send = row -> {
                if (sent[0] >= toSend) {
                    return false;
                }
                Object[] projected = new Object[positions.size()];
                for (int i = 0; i < projected.length; i++) {
                    projected[i] = row[positions.get(i)];
                }
                try {
                    encoder.write(projected);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                sent[0]++;
                return true;
            };
            Iterator<Object[]> rows = session.rows().rowsFrom().apply(start);
            while (rows.hasNext() && send.test(rows.next())) {
                // send stops after the range's last row
            }
            encoder.finish();
        }
    }

    private static int indexOf(List<Column> columns, String name) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name.toLowerCase(Locale.ROOT))) {
                return i;
            }
        }
        throw ServiceException.badRequest("InvalidColumn", "column '" + name + "' does not exist");
    }

    private static void json(HttpCall call, Object body) throws IOException {
        call.respond(200, "application/json", JSON.writeValueAsBytes(body));
    }
}
