package com.connectorservice.controlplane.deployment;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.connectorservice.contracts.agent.AgentProtocol.ConnectorReport;
import com.connectorservice.contracts.agent.AgentProtocol.DesiredConnector;
import com.connectorservice.contracts.agent.AgentProtocol.DesiredStateWatch;
import com.connectorservice.contracts.agent.AgentProtocol.Heartbeat;
import com.connectorservice.contracts.agent.AgentProtocol.HeartbeatReply;
import com.connectorservice.contracts.agent.AgentProtocol.Registration;
import com.connectorservice.contracts.agent.AgentProtocol.RegistrationAccepted;
import com.connectorservice.controlplane.api.ApiException;
import com.connectorservice.controlplane.security.AgentIdentity;

import io.swagger.v3.oas.annotations.Hidden;

/**
 * The calls of {@code docs/agent-protocol.md}; only tokens with the AGENT role reach them, and each token acts only
 * as the agent it was issued for ({@link AgentIdentity}). Not part of the public OpenAPI document: the protocol is
 * defined once in the contracts module, which both sides use.
 */
@Hidden
@RestController
@RequestMapping("/api/v1/agents")
class AgentController {

    private static final Logger log = LoggerFactory.getLogger(AgentController.class);
    private static final Duration WATCH_POLL = Duration.ofMillis(100);
    private static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,127}");

    private final DeploymentStore store;
    private final DesiredStates desiredStates;
    private final PlacementScheduler scheduler;
    private final DeploymentProperties properties;
    private final TransactionTemplate transaction;

    AgentController(DeploymentStore store, DesiredStates desiredStates, PlacementScheduler scheduler,
            DeploymentProperties properties, TransactionTemplate transaction) {
        this.store = store;
        this.desiredStates = desiredStates;
        this.scheduler = scheduler;
        this.properties = properties;
        this.transaction = transaction;
    }

    @PostMapping("/register")
    RegistrationAccepted register(@RequestBody Registration registration) {
        if (registration.id() == null || !NODE_ID.matcher(registration.id()).matches()) {
            throw ApiException.badRequest("id", "id.pattern", "id must be 1-128 letters, digits, '.', '_', ':' or '-'");
        }
        AgentIdentity.require(registration.id());
        int capacity = registration.capacity() == null ? 4 : registration.capacity();
        if (capacity < 1 || capacity > 1000) {
            throw ApiException.badRequest("capacity", "capacity.range", "capacity must be between 1 and 1000, got " + capacity);
        }
        String host = registration.host() == null || registration.host().isBlank() ? registration.id() : registration.host();
        store.register(registration.id(), truncate(host, 256), capacity, truncate(registration.version(), 64), leaseEnd());
        log.info("Agent {} registered (host {}, capacity {})", registration.id(), host, capacity);
        return new RegistrationAccepted((int) properties.lease().toSeconds(), (int) properties.heartbeatInterval().toSeconds());
    }

    /**
     * Reports count only for connectors placed on this agent (one removed from it a moment ago may still be reported
     * while it stops: that report is dropped), and the reply carries only those connectors and their secrets.
     */
    @PostMapping("/{id}/heartbeat")
    HeartbeatReply heartbeat(@PathVariable String id, @RequestBody Heartbeat heartbeat) {
        AgentIdentity.require(id);
        Set<Long> reported = transaction.execute(status -> {
            if (!store.renewLease(id, leaseEnd())) {
                throw ApiException.notFound("id", "agent.unknown", "no agent registered with id '" + id + "'; register first");
            }
            if (heartbeat.memory() != null && heartbeat.memory().budgetBytes() > 0) {
                store.recordMemory(id, heartbeat.memory().budgetBytes(), Math.max(0, heartbeat.memory().usedBytes()));
            }
            Set<Long> placedHere = new HashSet<>(store.connectorsOn(id));
            Set<Long> ids = new HashSet<>();
            for (ConnectorReport report : heartbeat.connectors()) {
                Optional<Long> connectorId = report == null || report.name() == null || report.instanceId() == null
                        ? Optional.empty() : store.connectorId(report.instanceId(), report.name());
                connectorId.filter(placedHere::contains).ifPresent(cid -> {
                    store.saveReport(cid, id, report);
                    ids.add(cid);
                });
            }
            return ids;
        });
        reported.forEach(scheduler::refreshStatus);
        // read before the desired state: a change in between makes the next watch answer at once, never get lost
        String version = store.desiredVersion(id);
        List<DesiredConnector> desired = new ArrayList<>();
        for (Long connectorId : store.connectorsOn(id)) {
            store.deployment(connectorId).ifPresent(d -> {
                try {
                    desired.add(desiredStates.desired(d));
                } catch (ApiException e) {
                    // deleted meanwhile: leaving it out is right, while a 404 would tell the agent it is unknown
                    log.info("Connector {}/{} left out of agent {}'s desired state: {}", d.instanceId(), d.name(), id,
                            e.getMessage());
                }
            });
        }
        return new HeartbeatReply((int) properties.lease().toSeconds(), desired, version);
    }

    /**
     * The agent's long-poll (issue 14): answers as soon as the agent's desired state has another version than the one
     * it holds, so a deploy, a pause or a config change reaches the agent within about {@link #WATCH_POLL}, not at its
     * next heartbeat. Polls the version (one indexed query) rather than listening for changes, so it sees changes
     * made through any control-plane replica.
     */
    @PostMapping("/{id}/desired-state/watch")
    DesiredStateWatch watch(@PathVariable String id, @RequestBody DesiredStateWatch held) throws InterruptedException {
        AgentIdentity.require(id);
        Duration wait = properties.desiredStateWait();
        if (held.waitSeconds() != null && held.waitSeconds() >= 0 && held.waitSeconds() < wait.toSeconds()) {
            wait = Duration.ofSeconds(held.waitSeconds());
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            String version = store.desiredVersion(id);
            if (!version.equals(held.version()) || System.nanoTime() - deadline >= 0) {
                return new DesiredStateWatch(version, null);
            }
            Thread.sleep(WATCH_POLL.toMillis());
        }
    }

    private Instant leaseEnd() {
        return Instant.now().plus(properties.lease());
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
