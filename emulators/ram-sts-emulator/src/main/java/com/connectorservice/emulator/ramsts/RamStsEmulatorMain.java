package com.connectorservice.emulator.ramsts;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.connectorservice.emulator.common.EmulatorCommand;
import com.connectorservice.emulator.common.EmulatorMain;

import picocli.CommandLine.Option;

/**
 * Runs the emulator for the local stack:
 * {@code RamStsEmulatorMain [--port 18092] [--host 127.0.0.1] [--data-dir data/ram-sts]
 * [--account 1880000000000000:local-ak:local-sk]... [--service alikafka.aliyuncs.com:connector-ak:connector-sk]...
 * [--sts-signing-key KEY] [--max-credential-seconds N]}; every flag also as {@code RAM_STS_EMULATOR_<FLAG>}.
 */
public final class RamStsEmulatorMain extends EmulatorCommand<RamStsEmulator> {

    @Option(names = "--account", paramLabel = "ID:AK:SK", split = ",",
            description = "an account and its owner's AccessKey pair; repeatable (default "
                    + "1880000000000000:local-ak:local-sk, with the connector service connector-ak:connector-sk)")
    List<String> accounts = new ArrayList<>();

    @Option(names = "--service", paramLabel = "PRINCIPAL:AK:SK", split = ",",
            description = "a cloud service's AccessKey pair, e.g. alikafka.aliyuncs.com:connector-ak:connector-sk;"
                    + " repeatable")
    List<String> services = new ArrayList<>();

    @Option(names = "--max-credential-seconds", paramLabel = "N",
            description = "caps the lifetime of temporary credentials (to test expiry)")
    Long maxCredentialSeconds;

    RamStsEmulatorMain() {
        super("RAM/STS emulator", "RAM_STS_EMULATOR", 18092, "data/ram-sts");
    }

    public static void main(String[] args) {
        EmulatorMain.run(new RamStsEmulatorMain(), args);
    }

    @Override
    protected RamStsEmulator start() {
        RamStsEmulator.Builder builder = RamStsEmulator.builder().port(options.port()).host(options.host())
                .dataDirectory(options.dataDirectory());
        if (options.stsSigningKey() != null) {
            builder.stsSigningKey(options.stsSigningKey());
        }
        if (maxCredentialSeconds != null) {
            builder.maxCredentialLifetime(Duration.ofSeconds(maxCredentialSeconds));
        }
        for (String account : accounts) {
            String[] parts = triple("--account", account);
            builder.account(parts[0], parts[1], parts[2]);
        }
        for (String service : services) {
            String[] parts = triple("--service", service);
            builder.service(parts[0], parts[1], parts[2]);
        }
        if (accounts.isEmpty()) {
            builder.account("1880000000000000", "local-ak", "local-sk");
            builder.service("alikafka.aliyuncs.com", "connector-ak", "connector-sk");
            builder.service("connector.alikafka.aliyuncs.com", "connector-ak", "connector-sk");
        }
        return builder.start();
    }

    @Override
    protected List<String> describe(RamStsEmulator emulator) {
        return List.of("RAM/STS emulator listening on http://" + emulator.endpoint());
    }

    private static String[] triple(String option, String value) {
        String[] parts = value.split(":", 3);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            throw new IllegalArgumentException(option + " must be <id>:<accessKeyId>:<accessKeySecret>");
        }
        return parts;
    }
}
