package com.connectorservice.emulator.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

class EmulatorMainTest {

    /** A tiny emulator: answers every request with its name, from the shared server, options and data directory. */
    static final class EchoEmulator implements AutoCloseable {
        final EmulatorHttpServer server;
        final DataDirectory data;
        final Map<String, String> credentials;
        final List<String> names;

        EchoEmulator(EmulatorOptions options, Map<String, String> credentials, List<String> names) {
            this.data = DataDirectory.open(options.dataDirectory(), "echo emulator");
            this.credentials = credentials;
            this.names = names;
            this.server = EmulatorHttpServer.start("echo", options.host(), options.port(), 2, exchange -> {
                byte[] body = String.join(",", names).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
        }

        @Override
        public void close() {
            server.close();
            data.close();
        }
    }

    static final class EchoCommand extends EmulatorCommand<EchoEmulator> {
        @Mixin
        CredentialOptions credentials = new CredentialOptions();

        @Option(names = "--name", split = ",")
        List<String> names = new ArrayList<>();

        EchoCommand() {
            super("Echo emulator", "ECHO_EMULATOR", 18099, "data/echo");
        }

        @Override
        protected EchoEmulator start() {
            return new EchoEmulator(options, credentials.secretsByAccessKeyId(), names);
        }

        @Override
        protected List<String> describe(EchoEmulator emulator) {
            return List.of("Echo emulator on " + emulator.server.url());
        }
    }

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverTheDefaults(@TempDir Path data) throws Exception {
        try (EchoEmulator echo = EmulatorMain.start(new EchoCommand(), new String[] {"--port", "0", "--name", "a",
                "--name", "b", "--data-dir", data.toString()}, Map.of("ECHO_EMULATOR_PORT", "1",
                "ECHO_EMULATOR_NAME", "ignored", "ECHO_EMULATOR_CREDENTIAL", "ak1:sk1,ak2:s:k:2"))) {
            assertThat(echo.names).containsExactly("a", "b");
            assertThat(echo.credentials).containsExactly(Map.entry("ak1", "sk1"), Map.entry("ak2", "s:k:2"));
            assertThat(echo.data.path()).isEqualTo(data.toAbsolutePath());
            HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(echo.server.url() + "/x")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.body()).isEqualTo("a,b");
            assertThatThrownBy(() -> DataDirectory.open(data, "echo emulator"))
                    .hasMessageContaining("in use by another echo emulator");
        }
        DataDirectory.open(data, "echo emulator").close(); // free again once the first closed
        DataDirectory temporary = DataDirectory.open(null, "RAM/STS emulator");
        assertThat(temporary.path()).isDirectory();
        temporary.close();
        assertThat(temporary.path()).doesNotExist();
    }

    @Test
    void defaultsApplyWithoutFlagsOrEnvironment() {
        EchoCommand command = new EchoCommand();
        assertThatThrownBy(() -> EmulatorMain.start(command, new String[] {"--credential", "nocolon", "--port", "0"},
                Map.of())).hasMessageContaining("--credential must be accessKeyId:accessKeySecret");
        assertThat(command.options.host()).isEqualTo("127.0.0.1");
        assertThat(command.options.dataDirectory()).isEqualTo(Path.of("data/echo"));
        EchoCommand defaults = new EchoCommand();
        assertThatThrownBy(() -> EmulatorMain.start(defaults, new String[] {"--bogus"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("--bogus");
        assertThat(defaults.credentials.secretsByAccessKeyId()).containsExactly(Map.entry("local-ak", "local-sk"));
    }

    @Test
    void badValuesNameTheFlag() {
        assertThatThrownBy(() -> EmulatorMain.start(new EchoCommand(), new String[] {"--port", "x"}, Map.of()))
                .hasMessageContaining("--port").hasMessageContaining("'x'");
        assertThatThrownBy(() -> EmulatorMain.start(new EchoCommand(), new String[] {"--port"}, Map.of()))
                .hasMessageContaining("--port");
        assertThat(EmulatorMain.usage(new EchoCommand())).contains("--data-dir=DIR", "--credential=AK:SK",
                "ECHO_EMULATOR_<FLAG>", "--port 18099");
    }
}
