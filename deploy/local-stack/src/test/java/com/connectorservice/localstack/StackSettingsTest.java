package com.connectorservice.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class StackSettingsTest {

    @Test
    void defaultsMatchTheSeedsExamples() {
        StackSettings settings = StackSettings.parse(List.of("--home", "/repo"), Map.of());
        assertThat(settings.consoleUrl()).isEqualTo("http://localhost:8080");
        assertThat(settings.bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(settings.maxComputeEndpoint()).isEqualTo("http://localhost:18090/api");
        assertThat(settings.tablestoreEndpoint()).isEqualTo("http://localhost:18091");
        assertThat(settings.ramStsEndpoint()).isEqualTo("http://localhost:18092");
        assertThat(settings.maxComputeProject()).isEqualTo("connector_test");
        assertThat(settings.tablestoreInstance()).isEqualTo("local-ots");
        assertThat(settings.accessKeyId()).isEqualTo("local-ak");
        assertThat(settings.accessKeySecret()).isEqualTo("local-sk");
        assertThat(settings.instanceId()).isEqualTo("kafka-local");
        assertThat(settings.dataDirectory()).isEqualTo(Path.of("/repo/.data"));
        assertThat(settings.adminToken()).isNull();
        assertThat(settings.fresh()).isFalse();
    }

    @Test
    void flagsWinOverTheEnvironmentWhichWinsOverDefaults() {
        StackSettings settings = StackSettings.parse(List.of("--home=/repo", "--http-port", "9000", "--fresh"),
                Map.of("LOCAL_STACK_HTTP_PORT", "9100", "LOCAL_STACK_KAFKA_PORT", "9200",
                        "CONNECTORS_ADMIN_TOKEN", "t0k3n", "LOCAL_STACK_DATA_DIR", "/var/stack"));
        assertThat(settings.httpPort()).isEqualTo(9000);
        assertThat(settings.kafkaPort()).isEqualTo(9200);
        assertThat(settings.adminToken()).isEqualTo("t0k3n");
        assertThat(settings.dataDirectory()).isEqualTo(Path.of("/var/stack"));
        assertThat(settings.fresh()).isTrue();
    }

    @Test
    void badInputNamesTheFlagAndTheRule() {
        assertThatThrownBy(() -> StackSettings.parse(List.of("--kafka-port", "99999"), Map.of()))
                .hasMessageContaining("--kafka-port").hasMessageContaining("not a TCP port");
        assertThatThrownBy(() -> StackSettings.parse(List.of(), Map.of("LOCAL_STACK_TABLESTORE_PORT", "x")))
                .hasMessageContaining("--tablestore-port (LOCAL_STACK_TABLESTORE_PORT)");
        assertThatThrownBy(() -> StackSettings.parse(List.of("--htp-port", "1"), Map.of()))
                .hasMessageContaining("unknown flag --htp-port").hasMessageContaining("--http-port");
        assertThatThrownBy(() -> StackSettings.parse(List.of("--http-port"), Map.of()))
                .hasMessageContaining("--http-port: needs a value");
    }
}
