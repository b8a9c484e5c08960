package com.connectorservice.agent.controlplane;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.connectorservice.agent.controlplane.ControlPlaneClient.UnknownAgentException;
import com.connectorservice.contracts.agent.AgentProtocol.Heartbeat;
import com.connectorservice.contracts.agent.AgentProtocol.HeartbeatReply;
import com.connectorservice.contracts.agent.AgentProtocol.Registration;
import com.connectorservice.contracts.agent.AgentProtocol.RegistrationAccepted;

/**
 * Registers, then heartbeats: each heartbeat pushes the connector reports and pulls the desired state.
 * When the control plane is unreachable nothing changes on this host; the agent keeps its last desired state.
 */
public final class ControlPlaneSync {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneSync.class);
    private static final Duration RETRY = Duration.ofSeconds(5);

    private final ControlPlaneClient client;
    private final Registration registration;
    private final Supplier<Heartbeat> reports;
    private final Consumer<HeartbeatReply> onDesiredState;
    private boolean registered;
    private boolean reachable = true;
    private Duration heartbeatInterval = RETRY;
    private volatile String desiredVersion;

    public ControlPlaneSync(ControlPlaneClient client, Registration registration, Supplier<Heartbeat> reports,
                            Consumer<HeartbeatReply> onDesiredState) {
        this.client = client;
        this.registration = registration;
        this.reports = reports;
        this.onDesiredState = onDesiredState;
    }

    /** One register-if-needed plus heartbeat exchange; returns how long to wait before the next one. */
    public synchronized Duration syncOnce() {
        try {
            if (!registered) {
                RegistrationAccepted accepted = client.register(registration);
                registered = true;
                heartbeatInterval = Duration.ofSeconds(Math.max(1, accepted.heartbeatIntervalSeconds()));
                LOG.info("registered as {} with the control plane (lease {} s, heartbeat every {})",
                        registration.id(), accepted.leaseSeconds(), heartbeatInterval);
            }
            HeartbeatReply reply = client.heartbeat(registration.id(), reports.get());
            if (!reachable) {
                LOG.info("the control plane answers again");
                reachable = true;
            }
            onDesiredState.accept(reply);
            desiredVersion = reply.desiredVersion();
            return heartbeatInterval;
        } catch (UnknownAgentException e) {
            if (registered) {
                LOG.info("the control plane does not know this agent ({}); registering again", e.getMessage());
                registered = false;
                return Duration.ZERO;
            }
            return unreachable(e);
        } catch (IOException e) {
            return unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return RETRY;
        }
    }

    /** The version of the desired state last received; null before the first heartbeat, or from older control planes. */
    public String desiredVersion() {
        return desiredVersion;
    }

    /** Also a 404 to the registration itself: most likely a wrong control plane URL, so not retried at once. */
    private Duration unreachable(IOException e) {
        if (reachable) {
            LOG.warn("the control plane is unreachable ({}); connectors keep running on the last desired state",
                    e.toString());
            reachable = false;
        }
        return registered ? heartbeatInterval : RETRY;
    }
}
