package com.connectorservice.controlplane;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/**
 * Issue 12 item 8: the data preview reads only the destination stored in the connector, with the connector's own
 * credentials. Nothing in the request can point it elsewhere, so a viewer cannot use it to probe other addresses.
 */
class PreviewAddressTest extends ControlPlaneTestBase {

    /** A port that counts the connections made to it and answers none of them. */
    static final class Trap implements AutoCloseable {

        final ServerSocket socket;
        final AtomicInteger connections = new AtomicInteger();

        Trap() throws IOException {
            socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread accept = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket client = socket.accept()) {
                        connections.incrementAndGet();
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "preview-trap");
            accept.setDaemon(true);
            accept.start();
        }

        String url() {
            return "http://127.0.0.1:" + socket.getLocalPort() + "/api";
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    @Test
    void noRequestParameterCanPointThePreviewAtAnotherAddress() throws Exception {
        try (Trap stored = new Trap(); Trap requested = new Trap()) {
            String instanceId = createInstance();
            String topic = unique("preview-input");
            createTopic(topic, 1);
            String name = unique("preview");
            Map<String, Object> definition = definition(name, topic);
            ConnectorValidationTest.set(definition, "destination.endpoint", stored.url());
            assertThat(api.post(connectorsPath(instanceId), definition).status()).isEqualTo(201);
            int checkedAtCreate = stored.connections.get(); // the check before deploy asks the stored endpoint
            Api viewer = api.withToken(api.post("/api/v1/tokens", Map.of("name", unique("viewer"), "role", "VIEWER"))
                    .body().path("token").asString());
            String preview = connectorsPath(instanceId) + "/" + name + "/preview";

            for (String parameter : new String[] { "endpoint", "tunnelEndpoint", "url", "host", "instanceName",
                    "accessKeyId", "destination.endpoint" }) {
                Api.Response redirected = viewer.get(preview + "?" + parameter + "=" + requested.url());
                assertThat(redirected.status()).as(parameter + ": " + redirected.raw()).isEqualTo(400);
                assertThat(redirected.hasError(parameter, "preview.parameter.unknown")).as(redirected.raw()).isTrue();
            }
            assertThat(requested.connections.get()).isZero();
            assertThat(stored.connections.get()).isEqualTo(checkedAtCreate);

            Api.Response plain = viewer.get(preview + "?limit=5");
            assertThat(plain.status()).as(plain.raw()).isEqualTo(502);
            assertThat(plain.hasError("destination.endpoint", "preview.endpoint.unreachable")).isTrue();
            assertThat(plain.raw()).doesNotContain("S3cretValueThatMustNeverLeak");
            assertThat(stored.connections.get()).isGreaterThan(checkedAtCreate);
            assertThat(requested.connections.get()).isZero();
        }
    }
}
