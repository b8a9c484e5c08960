package com.connectorservice.emulator.tablestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.model.ColumnValue;
import com.alicloud.openservices.tablestore.model.DeleteRowRequest;
import com.alicloud.openservices.tablestore.model.DeleteTableRequest;
import com.alicloud.openservices.tablestore.model.GetRowRequest;
import com.alicloud.openservices.tablestore.model.PrimaryKeyType;
import com.alicloud.openservices.tablestore.model.PutRowRequest;
import com.alicloud.openservices.tablestore.model.Row;
import com.alicloud.openservices.tablestore.model.RowDeleteChange;
import com.alicloud.openservices.tablestore.model.RowPutChange;
import com.alicloud.openservices.tablestore.model.RowUpdateChange;
import com.alicloud.openservices.tablestore.model.SingleRowQueryCriteria;
import com.alicloud.openservices.tablestore.model.UpdateRowRequest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PersistenceTest {
    @TempDir
    Path dataDirectory;

    private void withClient(Consumer<SyncClient> work) {
        try (TablestoreEmulator emulator = TablestoreEmulator.builder().dataDirectory(dataDirectory)
                .credential("local-ak", "local-sk").instance("local-ots").start()) {
            SyncClient client = new SyncClient(emulator.endpoint(), "local-ak", "local-sk", "local-ots");
            try {
                work.accept(client);
            } finally {
                client.shutdown();
            }
        }
    }

    @Test
    void acknowledgedWritesSurviveRestarts() throws IOException {
        withClient(client -> {
            WideColumnTest.createTable(client, "kept", 2, "id", PrimaryKeyType.STRING);
            WideColumnTest.createTable(client, "dropped", 1, "id", PrimaryKeyType.STRING);
            long now = System.currentTimeMillis();
            for (String id : new String[] {"a", "b", "c"}) {
                RowPutChange put = new RowPutChange("kept", WideColumnTest.key(id));
                put.addColumn("v", ColumnValue.fromString(id + "1"), now - 1000);
                put.addColumn("v", ColumnValue.fromString(id + "2"), now);
                client.putRow(new PutRowRequest(put));
            }
            RowUpdateChange update = new RowUpdateChange("kept", WideColumnTest.key("b"));
            update.put("w", ColumnValue.fromLong(42));
            client.updateRow(new UpdateRowRequest(update));
            client.deleteRow(new DeleteRowRequest(new RowDeleteChange("kept", WideColumnTest.key("c"))));
            client.deleteTable(new DeleteTableRequest("dropped"));
        });
        // A write-ahead log record torn by a crash mid-write must not hide the acknowledged ones before it.
        try (Stream<Path> files = Files.list(dataDirectory.resolve("rocksdb"))) {
            Path log = files.filter(file -> file.toString().endsWith(".log")).max(Path::compareTo).orElseThrow();
            Files.write(log, new byte[] {0, 0, 1, 0, 3, 7, 1, 1, 1, 1, 1}, StandardOpenOption.APPEND);
        }
        for (int restart = 0; restart < 2; restart++) {
            withClient(client -> {
                assertThat(client.listTable().getTableNames()).containsExactly("kept");
                SingleRowQueryCriteria criteria = new SingleRowQueryCriteria("kept", WideColumnTest.key("b"));
                criteria.setMaxVersions(5);
                Row row = client.getRow(new GetRowRequest(criteria)).getRow();
                assertThat(row.getColumn("v")).extracting(column -> column.getValue().asString())
                        .containsExactly("b2", "b1");
                assertThat(row.getLatestColumn("w").getValue().asLong()).isEqualTo(42);
                SingleRowQueryCriteria deleted = new SingleRowQueryCriteria("kept", WideColumnTest.key("c"));
                deleted.setMaxVersions(1);
                assertThat(client.getRow(new GetRowRequest(deleted)).getRow()).isNull();
            });
        }
    }

    @Test
    void aJournalOfAnOlderEmulatorIsNamedInsteadOfHidden() throws IOException {
        Files.write(dataDirectory.resolve("tablestore.journal"), new byte[] {1});
        assertThatThrownBy(() -> TablestoreEmulator.builder().dataDirectory(dataDirectory)
                .credential("local-ak", "local-sk").instance("local-ots").start())
                .hasMessageContaining("tablestore.journal").hasMessageContaining("--fresh");
        // the directory is free again for the next attempt
        Files.delete(dataDirectory.resolve("tablestore.journal"));
        withClient(client -> assertThat(client.listTable().getTableNames()).isEmpty());
    }
}
