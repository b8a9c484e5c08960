package com.connectorservice.emulator.maxcompute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.aliyun.odps.Odps;
import com.connectorservice.emulator.common.EmulatorMain;
import com.aliyun.odps.OdpsException;
import com.aliyun.odps.account.AliyunAccount;

class MaxComputeEmulatorMainTest {

    @TempDir
    Path data;

    private static Odps client(MaxComputeEmulator emulator, String accessId, String accessKey, String project) {
        Odps odps = new Odps(new AliyunAccount(accessId, accessKey));
        odps.setEndpoint(emulator.endpoint());
        odps.setDefaultProject(project);
        return odps;
    }

    @Test
    void flagsConfigureCredentialsProjectsAndDataDirectory() throws Exception {
        try (MaxComputeEmulator emulator = EmulatorMain.start(new MaxComputeEmulatorMain(), new String[] {"--port",
                "0", "--data-dir", data.toString(), "--credential", "ak1:sk1", "--credential", "ak2:sk2", "--project",
                "p1", "--project", "p2"}, Map.of("MAXCOMPUTE_EMULATOR_PROJECT", "ignored"))) {
            client(emulator, "ak2", "sk2", "p2").projects().get("p2").reload();
            client(emulator, "ak1", "sk1", "p1").projects().get("p1").reload();
            assertThatThrownBy(() -> client(emulator, "local-ak", "local-sk", "p1").projects().get("p1").reload())
                    .isInstanceOf(OdpsException.class).hasMessageContaining("accessKeyId not found");
            assertThat(data.resolve("projects").resolve("p2")).isDirectory();
        }
    }

    @Test
    void aSecondEmulatorOnTheSameDataDirectoryRefusesToStart() {
        try (MaxComputeEmulator first = MaxComputeEmulator.builder().dataDirectory(data).start()) {
            assertThatThrownBy(() -> MaxComputeEmulator.builder().dataDirectory(data).start())
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("in use by another");
        }
        MaxComputeEmulator.builder().dataDirectory(data).start().close(); // free again once the first closed
    }

    @Test
    void environmentAndDefaultsApplyWithoutFlags() throws Exception {
        try (MaxComputeEmulator emulator = EmulatorMain.start(new MaxComputeEmulatorMain(), new String[0],
                Map.of("MAXCOMPUTE_EMULATOR_PORT", "0", "MAXCOMPUTE_EMULATOR_DATA_DIR", data.toString()))) {
            assertThat(emulator.endpoint()).startsWith("http://127.0.0.1:").endsWith("/api");
            client(emulator, "local-ak", "local-sk", "connector_test").projects().get("connector_test").reload();
        }
        assertThatThrownBy(() -> EmulatorMain.start(new MaxComputeEmulatorMain(), new String[] {"--bogus"}, Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Unknown option: '--bogus'");
    }
}
