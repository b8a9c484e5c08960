package com.connectorservice.emulator.tablestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.TableStoreException;
import com.alicloud.openservices.tablestore.model.PrimaryKeyType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TablestoreEmulatorMainTest {
    @Test
    void startsFromTheCommandLineWithSeveralCredentialsAndInstances(@TempDir Path data) {
        try (TablestoreEmulator emulator = TablestoreEmulatorMain.start(new String[] {"--port", "0", "--data-dir",
                data.toString(), "--credential", "ak-one:secret-one", "--credential", "ak-two:secret:with:colons",
                "--instance", "first-ots", "--instance", "second-ots"})) {
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

    @Test
    void rejectsBadArgumentsWithTheirReason() {
        assertThatThrownBy(() -> TablestoreEmulatorMain.start(new String[] {"--port"}))
                .hasMessageContaining("missing value after --port");
        assertThatThrownBy(() -> TablestoreEmulatorMain.start(new String[] {"--port", "x"}))
                .hasMessageContaining("--port must be a number");
        assertThatThrownBy(() -> TablestoreEmulatorMain.start(new String[] {"--credential", "nocolon"}))
                .hasMessageContaining("accessKeyId:accessKeySecret");
        assertThatThrownBy(() -> TablestoreEmulatorMain.start(new String[] {"--verbose", "1"}))
                .hasMessageContaining("unknown option --verbose");
    }
}
