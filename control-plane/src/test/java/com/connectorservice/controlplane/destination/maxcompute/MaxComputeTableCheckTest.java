package com.connectorservice.controlplane.destination.maxcompute;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec.Format;
import com.connectorservice.contracts.sink.maxcompute.MaxComputeSinkSpec.Mode;
import com.connectorservice.controlplane.api.FieldViolation;
import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.controlplane.connector.validation.ValidationReport;
import com.connectorservice.controlplane.connector.validation.Violations;
import com.connectorservice.controlplane.destination.AllDestinations;
import com.connectorservice.emulator.maxcompute.MaxComputeEmulator;

/** Checks before deploy with the real odps-sdk-core against the MaxCompute emulator. */
class MaxComputeTableCheckTest {

    private static final String PROJECT = "check_project";
    private static final String AK = "check-ak";
    private static final String SK = "check-sk";

    static MaxComputeEmulator maxCompute;

    @BeforeAll
    static void start(@TempDir Path data) throws Exception {
        maxCompute = MaxComputeEmulator.builder().port(0).dataDirectory(data).credential(AK, SK).project(PROJECT).start();
    }

    @AfterAll
    static void stop() {
        maxCompute.close();
    }

    @Test
    void aMissingTableIsAnErrorWithTheDdlThatMakesTheCheckPass() throws Exception {
        MaxComputeDestination destination = destination(maxCompute.endpoint(), SK, "orders_text", Format.TEXT, Mode.DEFAULT);

        ValidationReport missing = check(destination);

        assertThat(missing.errors()).singleElement().satisfies(error -> {
            assertThat(error.field()).isEqualTo("destination.table");
            assertThat(error.rule()).isEqualTo("destination.table.exists");
            assertThat(error.message()).contains("'check_project.orders_text' does not exist");
            assertThat(error.fix()).isEqualTo("CREATE TABLE IF NOT EXISTS orders_text (topic STRING, `partition` BIGINT,"
                    + " `offset` BIGINT, key STRING, value STRING) PARTITIONED BY (pt STRING);");
        });
        maxCompute.execute(missing.errors().get(0).fix());
        assertThat(check(destination).errors()).isEmpty();
        assertThat(check(destination).warnings()).isEmpty();
    }

    @Test
    void aTableThatDoesNotFitTheFormatAndModeNamesTheColumns() throws Exception {
        maxCompute.execute("create table keys_only (topic string, `partition` bigint, `offset` bigint, key string)"
                + " partitioned by (pt string)");
        MaxComputeDestination values = destination(maxCompute.endpoint(), SK, "keys_only", Format.TEXT, Mode.DEFAULT);

        FieldViolation error = check(values).errors().get(0);

        assertThat(error.rule()).isEqualTo("destination.table.columns");
        assertThat(error.message()).contains("column value STRING is missing").doesNotContain("column key");
        assertThat(error.fix()).contains("key STRING, value STRING");
        assertThat(check(destination(maxCompute.endpoint(), SK, "keys_only", Format.TEXT, Mode.KEY)).errors()).isEmpty();
        FieldViolation binary = check(destination(maxCompute.endpoint(), SK, "keys_only", Format.JSON, Mode.VALUE)).errors().get(0);
        assertThat(binary.message()).contains("column value");
    }

    @Test
    void refusedCredentialsAreAnErrorAtTheAccessKey() {
        ValidationReport refused = check(destination(maxCompute.endpoint(), "wrong-secret", "any_table", Format.TEXT, Mode.DEFAULT));

        assertThat(refused.errors()).as(refused.toString()).extracting(FieldViolation::rule).containsExactly("destination.auth.accessKeyId.refused");
    }

    @Test
    void anUnreachableEndpointIsAWarningAndATableTheSinkCreatesIsNotChecked() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ValidationReport unreachable = check(destination("http://127.0.0.1:" + closedPort + "/api", SK, "t", Format.TEXT,
                Mode.DEFAULT));
        assertThat(unreachable.errors()).isEmpty();
        assertThat(unreachable.warnings()).extracting(FieldViolation::rule).containsExactly("destination.endpoint.unreachable");

        ValidationReport autoCreated = check(destination(maxCompute.endpoint(), SK, "not_yet_created", Format.DEBEZIUM_JSON,
                Mode.VALUE));
        assertThat(autoCreated.errors()).isEmpty();
        assertThat(autoCreated.warnings()).isEmpty();
    }

    private static ValidationReport check(MaxComputeDestination destination) {
        Violations violations = new Violations();
        AllDestinations.registry().checkDestination(destination.withDefaults(), violations);
        return violations.report();
    }

    private static MaxComputeDestination destination(String endpoint, String secret, String table, Format format, Mode mode) {
        return new MaxComputeDestination(endpoint, null, PROJECT, null, table, null, new DestinationAuth.AccessKey(AK, secret),
                mode, format, null, null, null, null, null, null);
    }
}
