package com.connectorservice.sink.maxcompute;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of the emulator, as a task meets MaxCompute in production at its worst: it hangs up, without
 * answering, on the connections whose request line starts with a given method (a server restarting between a request
 * and its response), and it passes what clients send at a bounded rate, shared by all connections (a MaxCompute that
 * takes rows more slowly than Kafka hands them over).
 */
final class FaultyProxy implements AutoCloseable {

    private final ServerSocket server;
    private final URI target;
    private volatile String hangUpOn;
    final AtomicInteger hungUp = new AtomicInteger();
    /** Bytes per second towards the emulator; 0 for no bound. */
    private volatile long bytesPerSecond;
    private long nextSendNanos = System.nanoTime();

    FaultyProxy(String targetEndpoint) throws IOException {
        target = URI.create(targetEndpoint);
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "faulty-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The endpoint to give the SDK instead of the target's (same path). */
    String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort() + target.getPath();
    }

    /** Requests with this method (e.g. "PUT") are answered by closing the connection; null forwards everything. */
    void hangUpOn(String method) {
        hangUpOn = method;
    }

    /** What clients send passes at this rate from now on; 0 lifts the bound. */
    void limitRate(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread connection = new Thread(() -> serve(client), "faulty-proxy-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            byte[] first = new byte[8];
            int read = in.readNBytes(first, 0, first.length);
            String method = hangUpOn;
            if (method != null && new String(first, 0, read, StandardCharsets.US_ASCII).startsWith(method + " ")) {
                in.readNBytes(in.available()); // the request reached the server, which then went away
                hungUp.incrementAndGet();
                return;
            }
            try (Socket upstream = new Socket(target.getHost(), target.getPort())) {
                awaitTurn(read);
                upstream.getOutputStream().write(first, 0, read);
                Thread back = new Thread(() -> pump(upstream, client, false), "faulty-proxy-back");
                back.setDaemon(true);
                back.start();
                pump(client, upstream, true);
                back.join();
            }
        } catch (IOException | InterruptedException ignored) {
            // a side closed: so does the connection
        }
    }

    private void pump(Socket from, Socket to, boolean rateBound) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (rateBound) {
                    awaitTurn(n);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException | InterruptedException ignored) {
            // the other side closed
        }
    }

    /** Waits until {@code bytes} more fit in the rate, counted over all connections. */
    private void awaitTurn(int bytes) throws InterruptedException {
        long wait;
        synchronized (this) {
            long rate = bytesPerSecond;
            if (rate == 0) {
                return;
            }
            long now = System.nanoTime();
            nextSendNanos = Math.max(nextSendNanos, now) + bytes * 1_000_000_000L / rate;
            wait = nextSendNanos - now;
        }
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
