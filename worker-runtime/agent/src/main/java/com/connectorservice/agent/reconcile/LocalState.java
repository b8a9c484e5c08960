package com.connectorservice.agent.reconcile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.connectorservice.agent.Json;
import com.connectorservice.agent.secrets.SecretsStore;
import com.connectorservice.contracts.agent.AgentProtocol.AppliedRequests;
import com.connectorservice.contracts.agent.AgentProtocol.DesiredConnector;
import com.fasterxml.jackson.core.type.TypeReference;

/**
 * What the agent must remember across its own restarts, so it keeps its connectors running while the control
 * plane is away: the last desired state ({@code desired-state.json}, secrets left out: they live in the
 * secrets store only) and the restart / offsets-reset request ids already applied ({@code applied-requests.json}).
 */
public final class LocalState {

    private final Path desiredFile;
    private final Path appliedFile;
    private final SecretsStore secrets;
    private final Map<String, AppliedRequests> applied;
    private List<DesiredConnector> lastSaved;

    public LocalState(Path dataDir, SecretsStore secrets) {
        this.desiredFile = dataDir.resolve("desired-state.json");
        this.appliedFile = dataDir.resolve("applied-requests.json");
        this.secrets = secrets;
        this.applied = new HashMap<>(read(appliedFile, new TypeReference<Map<String, AppliedRequests>>() { }, Map.of()));
    }

    public synchronized List<DesiredConnector> loadDesired() {
        return read(desiredFile, new TypeReference<List<DesiredConnector>>() { }, List.<DesiredConnector>of()).stream()
                .map(connector -> connector.withSecrets(secrets.read(connector.name())))
                .toList();
    }

    public synchronized void saveDesired(List<DesiredConnector> desired) {
        List<DesiredConnector> withoutSecrets = desired.stream().map(c -> c.withSecrets(Map.of())).toList();
        if (!withoutSecrets.equals(lastSaved)) {
            write(desiredFile, withoutSecrets);
            lastSaved = withoutSecrets;
        }
    }

    public synchronized AppliedRequests applied(String connector) {
        return applied.getOrDefault(connector, AppliedRequests.NONE);
    }

    public synchronized void recordApplied(String connector, AppliedRequests requests) {
        if (!requests.equals(applied.put(connector, requests))) {
            write(appliedFile, applied);
        }
    }

    public synchronized void forget(String connector) {
        if (applied.remove(connector) != null) {
            write(appliedFile, applied);
        }
    }

    private static <T> T read(Path file, TypeReference<T> type, T absent) {
        if (!Files.exists(file)) {
            return absent;
        }
        try {
            return Json.MAPPER.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
    }

    private static void write(Path file, Object value) {
        try {
            Json.writeOwnerOnly(file, value);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
