package com.connectorservice.sink.maxcompute;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;

/**
 * A TCP proxy in front of the emulator that passes what clients send at a bounded rate, shared by all connections:
 * a MaxCompute that takes rows more slowly than Kafka hands them over, so that a sink's buffers fill.
 */
final class SlowProxy implements AutoCloseable {

    private final ServerSocket server;
    private final URI target;
    /** Bytes per second towards the emulator; 0 for no bound. */
    private volatile long bytesPerSecond;
    private long nextSendNanos = System.nanoTime();

    SlowProxy(String targetEndpoint, long bytesPerSecond) throws IOException {
        this.target = URI.create(targetEndpoint);
        this.bytesPerSecond = bytesPerSecond;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "slow-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** The endpoint to give the SDK instead of the target's (same path). */
    String endpoint() {
        return "http://127.0.0.1:" + server.getLocalPort() + target.getPath();
    }

    /** From now on, everything passes at full speed. */
    void unbound() {
        bytesPerSecond = 0;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread connection = new Thread(() -> serve(client), "slow-proxy-connection");
                connection.setDaemon(true);
                connection.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client; Socket upstream = new Socket(target.getHost(), target.getPort())) {
            Thread back = new Thread(() -> pump(upstream, client, false), "slow-proxy-back");
            back.setDaemon(true);
            back.start();
            pump(client, upstream, true);
            back.join();
        } catch (IOException | InterruptedException ignored) {
            // a side closed: so does the connection
        }
    }

    private void pump(Socket from, Socket to, boolean bounded) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                if (bounded) {
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
