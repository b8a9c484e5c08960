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
 * A TCP proxy in front of the emulator that hangs up, without answering, on the connections whose request line starts
 * with a given method: a server restarting between a request and its response, as a task meets it in production.
 */
final class HangUpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final URI target;
    private volatile String hangUpOn;
    final AtomicInteger hungUp = new AtomicInteger();

    HangUpProxy(String targetEndpoint) throws IOException {
        target = URI.create(targetEndpoint);
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "hang-up-proxy");
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

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread connection = new Thread(() -> serve(client), "hang-up-proxy-connection");
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
                upstream.getOutputStream().write(first, 0, read);
                Thread back = new Thread(() -> pump(upstream, client), "hang-up-proxy-back");
                back.setDaemon(true);
                back.start();
                pump(client, upstream);
                back.join();
            }
        } catch (IOException | InterruptedException ignored) {
            // a side closed: so does the connection
        }
    }

    private static void pump(Socket from, Socket to) {
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            byte[] buffer = new byte[16 * 1024];
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
            }
            to.shutdownOutput();
        } catch (IOException ignored) {
            // the other side closed
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
