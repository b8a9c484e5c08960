package com.connectorservice.controlplane.destination.tablestore;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.alicloud.openservices.tablestore.SyncClient;
import com.alicloud.openservices.tablestore.model.CreateTableRequest;
import com.alicloud.openservices.tablestore.model.PrimaryKeyType;
import com.alicloud.openservices.tablestore.model.TableMeta;
import com.alicloud.openservices.tablestore.model.TableOptions;
import com.connectorservice.contracts.sink.tablestore.TablestoreSinkSpec;
import com.connectorservice.controlplane.api.FieldViolation;
import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.controlplane.connector.validation.ValidationReport;
import com.connectorservice.controlplane.connector.validation.Violations;
import com.connectorservice.controlplane.destination.AllDestinations;
import com.connectorservice.emulator.tablestore.TablestoreEmulator;

/** Checks before deploy with the real Tablestore SDK against the Tablestore emulator. */
class TablestoreTableCheckTest {

    private static final String AK = "check-ak";
    private static final String SK = "check-sk";
    private static final String INSTANCE = "check-ots";

    static TablestoreEmulator tablestore;

    @BeforeAll
    static void start(@TempDir Path data) throws Exception {
        tablestore = TablestoreEmulator.builder().port(0).dataDirectory(data).credential(AK, SK).instance(INSTANCE).start();
        SyncClient client = new SyncClient(tablestore.endpoint(), AK, SK, INSTANCE);
        TableMeta meta = new TableMeta("by_user");
        meta.addPrimaryKeyColumn("user_id", PrimaryKeyType.STRING);
        client.createTable(new CreateTableRequest(meta, new TableOptions(-1, 1)));
        client.shutdown();
    }

    @AfterAll
    static void stop() {
        tablestore.close();
    }

    @Test
    void aMissingTableIsAnErrorOnlyWhenTheConnectorDoesNotCreateIt() {
        ValidationReport missing = check(destination(SK, "not_there", false, TablestoreSinkSpec.PrimaryKeyMode.KAFKA, null));
        assertThat(missing.errors()).extracting(FieldViolation::rule).containsExactly("destination.tableName.exists");
        assertThat(missing.errors().get(0).message()).contains("topic_partition STRING", "offset INTEGER", "autoCreateTable");

        ValidationReport created = check(destination(SK, "not_there", true, TablestoreSinkSpec.PrimaryKeyMode.KAFKA, null));
        assertThat(created.errors()).isEmpty();
        assertThat(created.warnings()).isEmpty();
    }

    @Test
    void aPrimaryKeyThatDoesNotMatchTheTableIsAnErrorAtTheColumns() {
        ValidationReport kafkaKey = check(destination(SK, "by_user", false, TablestoreSinkSpec.PrimaryKeyMode.KAFKA, null));
        assertThat(kafkaKey.errors()).extracting(FieldViolation::rule).containsExactly("destination.primaryKeyColumns.matchesTable");
        assertThat(kafkaKey.errors().get(0).message()).contains("[user_id STRING]");

        ValidationReport matching = check(destination(SK, "by_user", false, TablestoreSinkSpec.PrimaryKeyMode.RECORD_KEY,
                List.of(new TablestoreDestination.PrimaryKeyColumn("user_id", TablestoreSinkSpec.PrimaryKeyType.STRING))));
        assertThat(matching.errors()).isEmpty();
    }

    @Test
    void refusedCredentialsAreAnErrorAtTheAccessKey() {
        ValidationReport refused = check(destination("wrong-secret", "by_user", false, TablestoreSinkSpec.PrimaryKeyMode.KAFKA, null));
        assertThat(refused.errors()).as(refused.toString()).extracting(FieldViolation::rule)
                .containsExactly("destination.auth.accessKeyId.refused");
    }

    private static ValidationReport check(TablestoreDestination destination) {
        Violations violations = new Violations();
        AllDestinations.registry().checkDestination(destination.withDefaults(), violations);
        return violations.report();
    }

    private static TablestoreDestination destination(String secret, String table, boolean autoCreate,
            TablestoreSinkSpec.PrimaryKeyMode mode, List<TablestoreDestination.PrimaryKeyColumn> columns) {
        return new TablestoreDestination(tablestore.endpoint(), INSTANCE, new DestinationAuth.AccessKey(AK, secret), autoCreate,
                table, TablestoreDestination.Model.WIDE_COLUMN, mode == TablestoreSinkSpec.PrimaryKeyMode.RECORD_KEY
                        ? TablestoreSinkSpec.MessageFormat.JSON : null, null, null, mode, columns, null, null, null);
    }
}
