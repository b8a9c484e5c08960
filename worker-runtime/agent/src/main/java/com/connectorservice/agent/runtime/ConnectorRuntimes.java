package com.connectorservice.agent.runtime;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.connectorservice.contracts.agent.Isolation;

/**
 * This agent's runtimes, one per {@link Isolation}: each connector lives in the one its placement asks for. A
 * connector whose isolation changes leaves the old runtime (its worker leaves the group) and starts in the new one;
 * its config and offsets stay in its topics, so it goes on where it was.
 */
public final class ConnectorRuntimes implements ConnectorRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectorRuntimes.class);

    private final Map<Isolation, ConnectorRuntime> runtimes;

    public ConnectorRuntimes(Map<Isolation, ConnectorRuntime> runtimes) {
        this.runtimes = new EnumMap<>(runtimes);
        for (Isolation isolation : Isolation.values()) {
            if (!this.runtimes.containsKey(isolation)) {
                throw new IllegalArgumentException("no runtime for " + isolation);
            }
        }
    }

    public ConnectorRuntime runtime(Isolation isolation) {
        return runtimes.get(isolation);
    }

    public WorkerView start(String connector, Isolation isolation, SortedMap<String, String> workerSettings) {
        ConnectorRuntime target = runtimes.get(Isolation.orDefault(isolation));
        runtimes.forEach((other, runtime) -> {
            if (runtime != target && runtime.connectors().contains(connector)) {
                LOG.info("{} is to run {} now; moving its worker", connector, Isolation.orDefault(isolation));
                runtime.remove(connector);
            }
        });
        return target.start(connector, workerSettings);
    }

    /** In the default runtime ({@link Isolation#DENSE}). */
    @Override
    public WorkerView start(String connector, SortedMap<String, String> workerSettings) {
        return start(connector, Isolation.DENSE, workerSettings);
    }

    @Override
    public List<String> adopt() {
        List<String> adopted = new ArrayList<>();
        runtimes.values().forEach(runtime -> adopted.addAll(runtime.adopt()));
        return adopted;
    }

    @Override
    public Optional<WorkerView> worker(String connector) {
        return holder(connector).flatMap(runtime -> runtime.worker(connector));
    }

    @Override
    public Set<String> connectors() {
        Set<String> all = new TreeSet<>();
        runtimes.values().forEach(runtime -> all.addAll(runtime.connectors()));
        return all;
    }

    @Override
    public ConnectorControl control(String connector) {
        return holder(connector)
                .orElseThrow(() -> new IllegalStateException("no worker for " + connector + " on this host"))
                .control(connector);
    }

    @Override
    public void remove(String connector) {
        runtimes.values().stream().filter(runtime -> runtime.connectors().contains(connector))
                .forEach(runtime -> runtime.remove(connector));
    }

    @Override
    public Optional<WorkerUsage> usage(String connector) {
        return holder(connector).flatMap(runtime -> runtime.usage(connector));
    }

    @Override
    public Optional<java.nio.file.Path> logFile(String connector) {
        return holder(connector).flatMap(runtime -> runtime.logFile(connector));
    }

    @Override
    public long residentBytes() {
        return runtimes.values().stream().mapToLong(ConnectorRuntime::residentBytes).sum();
    }

    /** Each runtime's resident memory, as the agent reports it. */
    public Map<Isolation, Long> residentBytesByIsolation() {
        Map<Isolation, Long> bytes = new EnumMap<>(Isolation.class);
        runtimes.forEach((isolation, runtime) -> bytes.put(isolation, runtime.residentBytes()));
        return bytes;
    }

    @Override
    public void killAll() {
        runtimes.values().forEach(ConnectorRuntime::killAll);
    }

    private Optional<ConnectorRuntime> holder(String connector) {
        return runtimes.values().stream().filter(runtime -> runtime.connectors().contains(connector)).findFirst();
    }
}
