package com.connectorservice.emulator.tablestore;

import java.util.ArrayList;
import java.util.List;

import com.connectorservice.emulator.common.CredentialOptions;
import com.connectorservice.emulator.common.EmulatorCommand;
import com.connectorservice.emulator.common.EmulatorMain;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs the emulator for the local stack:
 * {@code java -jar tablestore-emulator-<version>.jar [--port 18091] [--host 127.0.0.1] [--data-dir data/tablestore]
 * [--credential local-ak:local-sk]... [--instance local-ots]... [--sts-signing-key KEY] [--fsync]}; every flag also as
 * {@code TABLESTORE_EMULATOR_<FLAG>}.
 */
public final class TablestoreEmulatorMain extends EmulatorCommand<TablestoreEmulator> {

    @Mixin
    CredentialOptions credentials = new CredentialOptions();

    @Option(names = "--instance", paramLabel = "NAME", split = ",",
            description = "an instance that exists; repeatable (default local-ots)")
    List<String> instances = new ArrayList<>();

    @Option(names = "--fsync", description = "force every acknowledged write to the disk (concurrent writers share"
            + " a sync)")
    boolean fsync;

    TablestoreEmulatorMain() {
        super("Tablestore emulator", "TABLESTORE_EMULATOR", 18091, "data/tablestore");
    }

    public static void main(String[] args) {
        EmulatorMain.run(new TablestoreEmulatorMain(), args);
    }

    @Override
    protected TablestoreEmulator start() {
        TablestoreEmulator.Builder builder = TablestoreEmulator.builder().port(options.port()).host(options.host())
                .dataDirectory(options.dataDirectory()).fsync(fsync);
        credentials.secretsByAccessKeyId().forEach(builder::credential);
        (instances.isEmpty() ? List.of("local-ots") : instances).forEach(builder::instance);
        if (options.stsSigningKey() != null) {
            builder.stsSigningKey(options.stsSigningKey());
        }
        return builder.start();
    }

    @Override
    protected List<String> describe(TablestoreEmulator emulator) {
        return List.of("Tablestore emulator listening on " + emulator.endpoint() + " (instances "
                + (instances.isEmpty() ? List.of("local-ots") : instances) + ", data directory "
                + options.dataDirectory().toAbsolutePath() + ")");
    }
}
