package com.connectorservice.emulator.ramsts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.connectorservice.emulator.common.EmulatorMain;
import com.aliyuncs.DefaultAcsClient;
import com.aliyuncs.http.ProtocolType;
import com.aliyuncs.profile.DefaultProfile;
import com.aliyuncs.ram.model.v20150501.ListRolesRequest;

class RamStsEmulatorMainTest {

    @TempDir
    Path data;

    @Test
    void startsWithTheLocalStackDefaultsOnTheGivenPort() throws Exception {
        try (RamStsEmulator emulator = EmulatorMain.start(new RamStsEmulatorMain(), new String[] {"--port", "0",
                "--data-dir", data.toString()}, Map.of())) {
            ListRolesRequest list = new ListRolesRequest();
            list.setSysEndpoint(emulator.endpoint());
            list.setSysProtocol(ProtocolType.HTTP);
            assertThat(new DefaultAcsClient(DefaultProfile.getProfile("cn-hangzhou", "connector-ak", "connector-sk"))
                    .getAcsResponse(list).getRoles()).isEmpty();
        }
    }

    @Test
    void aMalformedAccountIsRefusedByName() {
        assertThatThrownBy(() -> EmulatorMain.start(new RamStsEmulatorMain(),
                new String[] {"--port", "0", "--account", "123:ak"}, Map.of()))
                .hasMessageContaining("--account must be <id>:<accessKeyId>:<accessKeySecret>");
    }
}
