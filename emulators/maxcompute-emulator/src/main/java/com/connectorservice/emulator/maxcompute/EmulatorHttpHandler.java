package com.connectorservice.emulator.maxcompute;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.connectorservice.emulator.maxcompute.auth.Authorizer;
import com.connectorservice.emulator.maxcompute.auth.Principal;
import com.connectorservice.emulator.maxcompute.auth.SignatureVerifier;
import com.connectorservice.emulator.maxcompute.sql.InstanceService;
import com.connectorservice.emulator.maxcompute.tunnel.TunnelService;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

/**
 * Routes {@code /api/...} (REST: XML errors) and {@code /tunnel/...} (tunnel: JSON errors) after checking the
 * request signature against the configured AccessKey pairs.
 */
final class EmulatorHttpHandler implements HttpHandler {

    private static final Logger LOG = LoggerFactory.getLogger(EmulatorHttpHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_DRAINED_BYTES = 512L * 1024 * 1024;

    private final SignatureVerifier signatures;
    private final Authorizer authorizer;
    private final MetadataService metadata;
    private final InstanceService instances;
    private final TunnelService tunnel;

    EmulatorHttpHandler(SignatureVerifier signatures, Authorizer authorizer, MetadataService metadata,
                        InstanceService instances, TunnelService tunnel) {
        this.signatures = signatures;
        this.authorizer = authorizer;
        this.metadata = metadata;
        this.instances = instances;
        this.tunnel = tunnel;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        URI uri = exchange.getRequestURI();
        String path = uri.getPath();
        String service = path.startsWith("/api/") ? "api" : path.startsWith("/tunnel/") ? "tunnel" : null;
        // the SDK's UpsertStream sends its packs to the tunnel host's root (it strips the endpoint's path)
        boolean rootUpsert = service == null && path.startsWith("/projects/") && path.endsWith("/upserts");
        HttpCall call = new HttpCall(exchange, service == null ? rootUpsert ? "tunnel" : "api" : service,
                service == null ? path : path.substring(service.length() + 1));
        if (rootUpsert) {
            service = "tunnel";
        }
        try {
            if (service == null) {
                throw ServiceException.notFound("NoSuchObject", "unknown path " + path
                        + "; the REST API lives under /api and the tunnel under /tunnel");
            }
            Principal principal = signatures.verify(call.method(), call.resource(), call.headers(), call.params());
            route(call, principal);
        } catch (ServiceException e) {
            fail(call, e.status(), e.code(), e.getMessage());
        } catch (UncheckedIOException e) {
            LOG.warn("request {} {} failed", call.method(), path, e);
            fail(call, 500, "InternalServerError", "emulator storage error: " + e.getMessage());
        } catch (RuntimeException | LinkageError e) {
            LOG.warn("request {} {} failed", call.method(), path, e);
            fail(call, 500, "InternalServerError", e.toString());
        } finally {
            exchange.close();
        }
    }

    private void route(HttpCall call, Principal principal) throws IOException {
        List<String> s = call.segments();
        if (s.size() < 2 || !s.get(0).equals("projects")) {
            throw notSupported(call);
        }
        String project = s.get(1);
        String method = call.method();
        if (call.service().equals("tunnel")) {
            if (s.size() == 4 && s.get(2).equals("instances")) {
                tunnel.handleInstance(call, () -> instances.fullResult(project, s.get(3)));
                return;
            }
            TableRef table = tableRef(s);
            if (table == null) {
                throw notSupported(call);
            }
            boolean reads = call.has("downloads") || call.has("downloadid");
            authorizer.checkTable(principal, project, table.name(), reads ? "Select" : "Update");
            if (table.upserts()) {
                tunnel.handleUpsert(call, project, table.name());
            } else {
                tunnel.handle(call, project, table.name(), table.streams());
            }
            return;
        }
        if (s.size() == 2 && method.equals("GET")) {
            metadata.project(call, project);
        } else if (s.size() == 3 && s.get(2).equals("tunnel") && method.equals("GET")) {
            metadata.tunnelEndpoint(call, project);
        } else if (s.size() == 3 && s.get(2).equals("instances") && method.equals("POST")) {
            authorizer.checkProject(principal, project, "CreateInstance");
            instances.create(call, principal, project);
        } else if (s.size() == 4 && s.get(2).equals("instances") && method.equals("GET")) {
            instances.get(call, project, s.get(3));
        } else if (s.size() == 3 && s.get(2).equals("logs") && method.equals("PUT")) {
            call.body().readAllBytes();
            call.respond(200, null, new byte[0]);
        } else if (s.size() == 3 && s.get(2).equals("tables") && method.equals("GET")) {
            authorizer.checkProject(principal, project, "List");
            metadata.listTables(call, project);
        } else if (method.equals("GET") && tableRef(s) != null && !tableRef(s).streams() && !tableRef(s).upserts()) {
            authorizer.checkTable(principal, project, tableRef(s).name(), "Describe");
            metadata.table(call, project, tableRef(s).name());
        } else {
            throw notSupported(call);
        }
    }

    private record TableRef(String name, boolean streams, boolean upserts) {
    }

    /** {@code projects/p/tables/t[/streams]} or {@code projects/p/schemas/s/tables/t[/streams]}. */
    private static TableRef tableRef(List<String> s) {
        int tables = s.size() >= 4 && s.get(2).equals("tables") ? 2
                : s.size() >= 6 && s.get(2).equals("schemas") && s.get(4).equals("tables") ? 4 : -1;
        if (tables < 0) {
            return null;
        }
        int rest = s.size() - (tables + 2);
        if (rest == 0) {
            return new TableRef(s.get(tables + 1), false, false);
        }
        if (rest == 1 && s.get(tables + 2).equals("streams")) {
            return new TableRef(s.get(tables + 1), true, false);
        }
        if (rest == 1 && s.get(tables + 2).equals("upserts")) {
            return new TableRef(s.get(tables + 1), false, true);
        }
        return null;
    }

    private static ServiceException notSupported(HttpCall call) {
        return ServiceException.badRequest("InvalidArgument", "the emulator does not support " + call.method()
                + " /" + call.service() + call.resource());
    }

    private static void fail(HttpCall call, int status, String code, String message) throws IOException {
        if (call.responded()) {
            return;
        }
        drain(call.body());
        if (call.service().equals("tunnel")) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("Code", code);
            json.put("Message", message);
            json.put("RequestId", call.requestId());
            call.respond(status, "application/json", JSON.writeValueAsBytes(json));
        } else {
            call.respond(status, "application/xml", Xml.error(code, message, call.requestId()));
        }
    }

    /** Reads what is left of the body so the client gets the error response, not a broken pipe. */
    private static void drain(InputStream body) {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        try {
            int n;
            while (total < MAX_DRAINED_BYTES && (n = body.read(buffer)) >= 0) {
                total += n;
            }
        } catch (IOException ignored) {
            // the client went away; nothing to answer
        }
    }
}
