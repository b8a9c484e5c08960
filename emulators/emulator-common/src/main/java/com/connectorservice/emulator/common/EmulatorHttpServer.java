package com.connectorservice.emulator.common;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * The JDK HTTP server an emulator answers on: bound to one address and port, one handler for every path, a fixed
 * pool of daemon threads named after the emulator.
 */
public final class EmulatorHttpServer implements AutoCloseable {

    static {
        // Without TCP_NODELAY the JDK server's separate header and body writes meet the client's delayed ACK and each
        // keep-alive request waits ~40 ms. The property is read once, when the JDK creates its first server.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;

    private EmulatorHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds {@code host:port} (port 0 picks a free one) and starts serving {@code handler} on {@code threads} threads.
     *
     * @throws UncheckedIOException when the address cannot be bound, naming it
     */
    public static EmulatorHttpServer start(String name, String host, int port, int threads, HttpHandler handler) {
        ExecutorService executor = new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemonThreads(name + "-http"));
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 256);
            server.createContext("/", handler);
            server.setExecutor(executor);
            server.start();
            return new EmulatorHttpServer(server, executor);
        } catch (IOException e) {
            executor.shutdownNow();
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The address clients reach the server on: the bound one, or 127.0.0.1 when bound to every address. */
    public String host() {
        return server.getAddress().getAddress().isAnyLocalAddress()
                ? "127.0.0.1" : server.getAddress().getAddress().getHostAddress();
    }

    /** {@code http://host:port}. */
    public String url() {
        String host = host();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port();
    }

    /** Threads of this name prefix, daemons so that a forgotten emulator never keeps a JVM alive. */
    public static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Stops accepting, ends the exchanges in flight and waits (up to 10 s) for the threads. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        try {
            executor.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
