package com.connectorservice.agent;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.connectorservice.contracts.agent.AgentProtocol.ConnectorReport;
import com.connectorservice.contracts.agent.AgentProtocol.TaskLog;
import com.connectorservice.contracts.agent.AgentProtocol.DesiredConnector;
import com.connectorservice.contracts.agent.AgentProtocol.DesiredStateWatch;
import com.connectorservice.contracts.agent.AgentProtocol.Heartbeat;
import com.connectorservice.contracts.agent.AgentProtocol.HeartbeatReply;
import com.connectorservice.contracts.agent.AgentProtocol.Registration;
import com.connectorservice.contracts.agent.AgentProtocol.RegistrationAccepted;
import com.connectorservice.contracts.text.StorableText;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The two agent endpoints of the control plane, in-test: it hands out whatever desired state the test sets and
 * keeps the last reports. The real control plane replaces it in issue 5's acceptance tests.
 */
final class ControlPlaneStub implements AutoCloseable {

    static final String TOKEN = "test-agent-token";

    private final HttpServer server;
    private final URI url;
    private boolean closed;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final Map<String, DesiredConnector> desired = new ConcurrentHashMap<>();
    private final Map<String, ConnectorReport> reports = new ConcurrentHashMap<>();
    private final Map<String, List<TaskLog>> logs = new ConcurrentHashMap<>();
    private final List<Registration> registrations = new CopyOnWriteArrayList<>();
    private final AtomicInteger heartbeats = new AtomicInteger();
    private final int heartbeatIntervalSeconds;

    private volatile com.connectorservice.contracts.agent.Isolation isolation;
    /** name and generation → when a heartbeat reply first carried it */
    private final Map<String, Long> handedOutAt = new ConcurrentHashMap<>();

    ControlPlaneStub() throws IOException {
        this(Duration.ofSeconds(1));
    }

    /** @param heartbeatInterval what registering agents are told */
    ControlPlaneStub(Duration heartbeatInterval) throws IOException {
        heartbeatIntervalSeconds = (int) heartbeatInterval.toSeconds();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // the desired-state watch holds its request open: other calls must not wait behind it
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(runnable -> {
            Thread thread = new Thread(runnable, "control-plane-stub");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/api/v1/agents/", this::handle);
        server.start();
        url = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    URI url() {
        return url;
    }

    /** Places every connector after this with that isolation (tests run a scenario under either runtime). */
    void placeWith(com.connectorservice.contracts.agent.Isolation isolation) {
        this.isolation = isolation;
    }

    void place(DesiredConnector connector) {
        desired.put(connector.name(), isolation == null ? connector
                : AgentTestSupport.withIsolation(connector, isolation));
        changed();
    }

    void unplace(String name) {
        desired.remove(name);
        changed();
    }

    /** When a heartbeat reply first carried this generation of the connector (System.nanoTime), if it did. */
    Optional<Long> handedOutAt(String name, long generation) {
        return Optional.ofNullable(handedOutAt.get(name + "@" + generation));
    }

    private synchronized void changed() {
        notifyAll();
    }

    private String version() {
        return desired.values().stream().map(connector -> connector.name() + ":" + connector.generation()).sorted()
                .toList().toString();
    }

    private synchronized String awaitVersionOtherThan(String held, long waitMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + waitMillis;
        String version = version();
        while (version.equals(held) && System.currentTimeMillis() < deadline) {
            wait(Math.max(1, deadline - System.currentTimeMillis()));
            version = version();
        }
        return version;
    }

    /** The log tail last sent for the connector: the agent sends it only when it changed, as the control plane keeps it. */
    List<TaskLog> logs(String name) {
        return logs.getOrDefault(name, List.of());
    }

    Optional<ConnectorReport> report(String name) {
        return Optional.ofNullable(reports.get(name));
    }

    /** As after a control-plane restart that lost the agents' leases: the next heartbeats get 404. */
    void forgetAgents() {
        registered.clear();
    }

    List<Registration> registrations() {
        return registrations;
    }

    int heartbeats() {
        return heartbeats.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                respond(exchange, 401, Map.of("title", "missing or wrong agent token"));
                return;
            }
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            String unstorable = unstorableText(Json.MAPPER.readTree(body));
            if (unstorable != null) {
                // as the control plane answers text PostgreSQL cannot keep
                respond(exchange, 400, Map.of("title", "Bad Request", "detail", "text " + unstorable));
                return;
            }
            if (path.equals("/api/v1/agents/register")) {
                Registration registration = Json.MAPPER.readValue(body, Registration.class);
                registrations.add(registration);
                registered.add(registration.id());
                respond(exchange, 200, new RegistrationAccepted(Math.max(30, 3 * heartbeatIntervalSeconds),
                        heartbeatIntervalSeconds));
            } else if (path.endsWith("/heartbeat")) {
                String id = path.substring("/api/v1/agents/".length(), path.length() - "/heartbeat".length());
                if (!registered.contains(id)) {
                    respond(exchange, 404, Map.of("title", "unknown agent " + id));
                    return;
                }
                Heartbeat heartbeat = Json.MAPPER.readValue(body, Heartbeat.class);
                heartbeat.connectors().forEach(report -> reports.put(report.name(), report));
                heartbeat.connectors().stream().filter(report -> report.logs() != null)
                        .forEach(report -> logs.put(report.name(), report.logs()));
                heartbeats.incrementAndGet();
                String version = version();
                List<DesiredConnector> handedOut = List.copyOf(desired.values());
                long now = System.nanoTime();
                handedOut.forEach(connector -> handedOutAt.putIfAbsent(connector.name() + "@" + connector.generation(),
                        now));
                respond(exchange, 200, new HeartbeatReply(30, handedOut, version));
            } else if (path.endsWith("/desired-state/watch")) {
                DesiredStateWatch watch = Json.MAPPER.readValue(body, DesiredStateWatch.class);
                long waitMillis = watch.waitSeconds() == null ? 25_000 : watch.waitSeconds() * 1000L;
                try {
                    respond(exchange, 200, new DesiredStateWatch(awaitVersionOtherThan(watch.version(), waitMillis),
                            null));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else {
                respond(exchange, 404, Map.of("title", "no such endpoint"));
            }
        }
    }

    private static String unstorableText(JsonNode node) {
        if (node.isTextual()) {
            return StorableText.problem(node.textValue());
        }
        for (JsonNode child : node) {
            String problem = unstorableText(child);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] json = Json.MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, json.length);
        exchange.getResponseBody().write(json);
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            server.stop(0);
        }
    }
}
