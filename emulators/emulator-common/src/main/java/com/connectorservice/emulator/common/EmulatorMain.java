package com.connectorservice.emulator.common;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The {@code main} every emulator shares: parse the flags (falling back to the environment, then to the emulator's
 * defaults), start, print the endpoint, run until SIGTERM or Ctrl-C, then close cleanly. Bad flags exit with status 2,
 * the reason and the usage.
 */
public final class EmulatorMain {

    private EmulatorMain() {
    }

    /** For {@code public static void main(String[] args)} of an emulator. */
    public static <E extends AutoCloseable> void run(EmulatorCommand<E> command, String[] args) {
        CommandLine commandLine = commandLine(command, System.getenv());
        E emulator;
        try {
            commandLine.parseArgs(args);
            if (commandLine.isUsageHelpRequested()) {
                commandLine.usage(System.out);
                return;
            }
            emulator = command.start();
        } catch (CommandLine.ParameterException | IllegalArgumentException e) {
            System.err.println(command.name() + ": " + e.getMessage());
            commandLine.usage(System.err);
            System.exit(2);
            return;
        } catch (IllegalStateException | java.io.UncheckedIOException e) {
            // the port or the data directory taken, a store that cannot open: the reason is the message
            System.err.println(command.name() + " cannot start: " + e.getMessage());
            System.exit(1);
            return;
        }
        command.describe(emulator).forEach(System.out::println);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                emulator.close();
            } catch (Exception e) {
                System.err.println(command.name() + " did not close cleanly: " + e);
            }
            stopped.countDown();
        }, "emulator-shutdown"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Parses {@code args} with {@code environment} as the fallback and starts the emulator (for tests).
     *
     * @throws IllegalArgumentException naming the flag and what is wrong with it
     */
    public static <E extends AutoCloseable> E start(EmulatorCommand<E> command, String[] args,
                                                    Map<String, String> environment) {
        try {
            commandLine(command, environment).parseArgs(args);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        return command.start();
    }

    /** The usage text: every flag, and the environment variable rule. */
    public static String usage(EmulatorCommand<?> command) {
        return commandLine(command, Map.of()).getUsageMessage(CommandLine.Help.Ansi.OFF);
    }

    private static CommandLine commandLine(EmulatorCommand<?> command, Map<String, String> environment) {
        String prefix = command.environmentPrefix();
        CommandLine commandLine = new CommandLine(command);
        commandLine.getCommandSpec().name(prefix.toLowerCase(Locale.ROOT).replace('_', '-'));
        commandLine.getCommandSpec().usageMessage().footer("",
                "Each flag may instead come from the environment: " + prefix + "_<FLAG> (e.g. " + prefix
                        + "_DATA_DIR for --data-dir); repeatable flags take a comma-separated list there.",
                "Defaults: --port " + command.defaultPort() + ", --host 127.0.0.1, --data-dir "
                        + command.defaultDataDirectory() + ".");
        commandLine.setDefaultValueProvider(argument -> defaultValue(command, environment, argument));
        return commandLine;
    }

    /** The environment variable of a flag, else the emulator's default for port, host and data directory. */
    private static String defaultValue(EmulatorCommand<?> command, Map<String, String> environment, ArgSpec argument) {
        if (!(argument instanceof OptionSpec option) || option.usageHelp()) {
            return null;
        }
        String flag = option.longestName();
        String variable = command.environmentPrefix() + "_"
                + flag.replaceFirst("^-+", "").toUpperCase(Locale.ROOT).replace('-', '_');
        String value = environment.get(variable);
        if (value != null && !value.isBlank()) {
            return value;
        }
        return switch (flag) {
            case "--port" -> Integer.toString(command.defaultPort());
            case "--host" -> "127.0.0.1";
            case "--data-dir" -> command.defaultDataDirectory().toString();
            default -> null;
        };
    }
}
