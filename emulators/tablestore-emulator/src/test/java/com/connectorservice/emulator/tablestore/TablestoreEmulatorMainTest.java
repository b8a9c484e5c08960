package com.connectorservice.emulator.tablestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alicloud.openservices.tablestore.SyncClient;
import com.connectorservice.emulator.common.EmulatorMain;
import com.alicloud.openservices.tablestore.TableStoreException;
import com.alicloud.openservices.tablestore.model.PrimaryKeyType;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TablestoreEmulatorMainTest {
    @Test
    void startsFromTheCommandLineWithSeveralCredentialsAndInstances(@TempDir Path data) {
        try (TablestoreEmulator emulator = EmulatorMain.start(new TablestoreEmulatorMain(), new String[] {"--port", "0", "--data-dir",
                data.toString(), "--credential", "ak-one:secret-one", "--credential", "ak-two:secret:with:colons",
                "--instance", "first-ots", "--instance", "second-ots"}, Map.of())) {
            SyncClient first = new SyncClient(emulator.endpoint(), "ak-one", "secret-one", "first-ots");
            SyncClient second = new SyncClient(emulator.endpoint(), "ak-two", "secret:with:colons", "second-ots");
            try {
                WideColumnTest.createTable(first, "in_first", 1, "id", PrimaryKeyType.STRING);
                assertThat(first.listTable().getTableNames()).containsExactly("in_first");
                assertThat(second.listTable().getTableNames()).isEmpty();
            } finally {
                first.shutdown();
                second.shutdown();
            }
            SyncClient defaults = new SyncClient(emulator.endpoint(), "local-ak", "local-sk", "first-ots");
            try {
                assertThatThrownBy(defaults::listTable).isInstanceOfSatisfying(TableStoreException.class,
                        e -> assertThat(e.getErrorCode()).as("defaults apply only without --credential")
                                .isEqualTo("OTSAuthFailed"));
            } finally {
                defaults.shutdown();
            }
        }
    }

    private static TablestoreEmulator start(String... args) {
        return EmulatorMain.start(new TablestoreEmulatorMain(), args, Map.of());
    }

    @Test
    void rejectsBadArgumentsWithTheirReason() {
        assertThatThrownBy(() -> start("--port"))
                .hasMessageContaining("Missing required parameter for option '--port'");
        assertThatThrownBy(() -> start("--port", "x"))
                .hasMessageContaining("Invalid value for option '--port': 'x' is not an int");
        assertThatThrownBy(() -> start("--port", "0", "--credential", "nocolon"))
                .hasMessageContaining("accessKeyId:accessKeySecret");
        assertThatThrownBy(() -> start("--verbose", "1"))
                .hasMessageContaining("Unknown options: '--verbose', '1'");
    }
}
