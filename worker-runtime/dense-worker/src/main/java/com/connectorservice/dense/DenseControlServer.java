package com.connectorservice.dense;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.connectorservice.dense.DenseProtocol.HerderSpec;
import com.connectorservice.dense.DenseProtocol.HerderView;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The agent's channel into the dense JVM ({@link DenseProtocol}): the JDK's HTTP server, a handful of threads, no
 * framework. Connector operations do not pass here; they go to each herder's own Connect REST API.
 */
final class DenseControlServer {

    private static final Logger LOG = LoggerFactory.getLogger(DenseControlServer.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final byte[] token;
    private final HerderHost host;
    private final ExecutorService threads = Executors.newFixedThreadPool(4, runnable -> {
        Thread thread = new Thread(runnable, "dense-control");
        thread.setDaemon(true);
        return thread;
    });

    DenseControlServer(InetSocketAddress address, String token, HerderHost host) throws IOException {
        this.server = HttpServer.create(address, 16);
        this.token = token.getBytes(StandardCharsets.UTF_8);
        this.host = host;
        server.setExecutor(threads);
        server.createContext(DenseProtocol.CONNECTORS_PATH, exchange -> handle(exchange, false));
        server.createContext(DenseProtocol.HERDERS_PATH, exchange -> handle(exchange, true));
    }

    void start() {
        server.start();
    }

    void stop() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange, boolean authenticated) throws IOException {
        try {
            if (authenticated && !authorized(exchange)) {
                reply(exchange, 401, Map.of("message", "missing or wrong " + DenseProtocol.TOKEN_HEADER));
                return;
            }
            String path = exchange.getRequestURI().getRawPath();
            String method = exchange.getRequestMethod();
            if (!authenticated) {
                reply(exchange, 200, host.views().stream().map(HerderView::name).toList());
            } else if (path.equals(DenseProtocol.HERDERS_PATH) || path.equals(DenseProtocol.HERDERS_PATH + "/")) {
                reply(exchange, 200, host.views());
            } else {
                String connector = URLDecoder.decode(path.substring(DenseProtocol.HERDERS_PATH.length() + 1),
                        StandardCharsets.UTF_8);
                switch (method) {
                    case "GET" -> host.view(connector).ifPresentOrElse(view -> reply(exchange, 200, view),
                            () -> reply(exchange, 404, Map.of("message", "no herder for " + connector)));
                    case "PUT" -> {
                        HerderSpec spec;
                        try (InputStream body = exchange.getRequestBody()) {
                            spec = JSON.readValue(body, HerderSpec.class);
                        }
                        reply(exchange, 200, host.put(connector, spec.settings()));
                    }
                    case "DELETE" -> reply(exchange, host.remove(connector) ? 204 : 404, null);
                    default -> reply(exchange, 405, Map.of("message", method + " is not allowed on " + path));
                }
            }
        } catch (RuntimeException | IOException e) {
            // One herder that cannot start (bad settings, broker away) is that connector's problem only.
            LOG.warn("{} {} failed", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            reply(exchange, 500, Map.of("message", String.valueOf(e)));
        } finally {
            exchange.close();
        }
    }

    private boolean authorized(HttpExchange exchange) {
        String presented = exchange.getRequestHeaders().getFirst(DenseProtocol.TOKEN_HEADER);
        return presented != null && MessageDigest.isEqual(token, presented.getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange exchange, int status, Object body) {
        try {
            if (body == null) {
                exchange.sendResponseHeaders(status, -1);
                return;
            }
            byte[] bytes = JSON.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (IOException e) {
            LOG.debug("could not answer {}: {}", exchange.getRequestURI(), e.toString());
        }
    }
}
