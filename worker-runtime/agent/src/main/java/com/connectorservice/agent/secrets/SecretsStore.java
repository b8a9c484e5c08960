package com.connectorservice.agent.secrets;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.connectorservice.agent.PropertiesText;

/**
 * Secret values of each connector, in an owner-only properties file that Kafka's {@code FileConfigProvider}
 * reads inside the worker. The control plane writes {@code ${secret:<key>}} into configs; this store rewrites
 * each to {@code ${file:<secrets file>:<key>}}, so the Connect config topic only ever holds the reference.
 */
public final class SecretsStore {

    private static final Pattern SECRET_REFERENCE = Pattern.compile("\\$\\{secret:([^}]+)}");

    private final Path directory;

    public SecretsStore(Path directory) {
        this.directory = directory;
    }

    public Path directory() {
        return directory;
    }

    public Path file(String connector) {
        return directory.resolve(connector + ".properties");
    }

    /** Writes the connector's secrets when they differ from the file's; returns whether the file changed. */
    public boolean write(String connector, Map<String, String> secrets) {
        if (read(connector).equals(secrets)) {
            return false;
        }
        try {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            Path temporary = Files.createTempFile(directory, connector, ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(temporary, render(secrets), StandardCharsets.UTF_8);
            Files.move(temporary, file(connector), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the secrets file of " + connector, e);
        }
    }

    public Map<String, String> read(String connector) {
        Path file = file(connector);
        if (!Files.exists(file)) {
            return Map.of();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read the secrets file of " + connector, e);
        }
        Map<String, String> secrets = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> secrets.put(key, properties.getProperty(key)));
        return secrets;
    }

    public void delete(String connector) {
        try {
            Files.deleteIfExists(file(connector));
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the secrets file of " + connector, e);
        }
    }

    /** Secret keys referenced in {@code config} that {@code secrets} does not hold. */
    public static Set<String> missingReferences(Map<String, String> config, Map<String, String> secrets) {
        Set<String> missing = new TreeSet<>();
        config.values().forEach(value -> {
            Matcher matcher = SECRET_REFERENCE.matcher(value);
            while (matcher.find()) {
                if (!secrets.containsKey(matcher.group(1))) {
                    missing.add(matcher.group(1));
                }
            }
        });
        return missing;
    }

    /**
     * A digest of the secret values {@code config} refers to, empty when it refers to none: it changes when one of
     * those values changes, so a worker whose own client settings use secrets can be restarted to read them.
     */
    public static Optional<String> digestOfReferenced(Map<String, String> config, Map<String, String> secrets) {
        Set<String> keys = new TreeSet<>();
        config.values().forEach(value -> SECRET_REFERENCE.matcher(value).results().forEach(m -> keys.add(m.group(1))));
        if (keys.isEmpty()) {
            return Optional.empty();
        }
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            keys.forEach(key -> digest.update((key + '\0' + secrets.getOrDefault(key, "") + '\0')
                    .getBytes(StandardCharsets.UTF_8)));
            return Optional.of(HexFormat.of().formatHex(digest.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The config with every {@code ${secret:key}} replaced by the FileConfigProvider reference to this store. */
    public Map<String, String> resolveReferences(String connector, Map<String, String> config) {
        String replacement = Matcher.quoteReplacement("${file:" + file(connector) + ":") + "$1}";
        Map<String, String> resolved = new LinkedHashMap<>();
        config.forEach((key, value) -> resolved.put(key, SECRET_REFERENCE.matcher(value).replaceAll(replacement)));
        return resolved;
    }

    private static String render(Map<String, String> secrets) {
        StringBuilder text = new StringBuilder();
        new TreeMap<>(secrets).forEach((key, value) ->
                text.append(PropertiesText.escape(key, true)).append('=').append(PropertiesText.escape(value, false))
                        .append('\n'));
        return text.toString();
    }
}
