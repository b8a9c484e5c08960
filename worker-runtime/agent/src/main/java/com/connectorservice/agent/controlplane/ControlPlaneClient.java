package com.connectorservice.agent.controlplane;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.connectorservice.agent.Json;
import com.connectorservice.contracts.agent.AgentProtocol.DesiredStateWatch;
import com.connectorservice.contracts.agent.AgentProtocol.Heartbeat;
import com.connectorservice.contracts.agent.AgentProtocol.HeartbeatReply;
import com.connectorservice.contracts.agent.AgentProtocol.Registration;
import com.connectorservice.contracts.agent.AgentProtocol.RegistrationAccepted;

/** Client of the control plane's agent endpoints. */
public final class ControlPlaneClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI baseUrl;
    private final String token;

    public ControlPlaneClient(URI baseUrl, String token) {
        this.baseUrl = URI.create(baseUrl.toString().replaceAll("/+$", "") + "/");
        this.token = token;
    }

    public RegistrationAccepted register(Registration registration) throws IOException, InterruptedException {
        return post("api/v1/agents/register", registration, RegistrationAccepted.class);
    }

    /** @throws UnknownAgentException when the control plane no longer knows this agent and wants it to register again */
    public HeartbeatReply heartbeat(String agentId, Heartbeat heartbeat) throws IOException, InterruptedException {
        return post("api/v1/agents/" + agentId + "/heartbeat", heartbeat, HeartbeatReply.class);
    }

    /** The sync-run exchange ({@code docs/agent-protocol.md}): reports out, the runs placed on this agent back. */
    public com.connectorservice.syncjob.protocol.SyncRunProtocol.Assignments exchangeSyncRuns(String agentId,
            com.connectorservice.syncjob.protocol.SyncRunProtocol.Exchange exchange) throws IOException, InterruptedException {
        return post("api/v1/agents/" + agentId + "/sync-runs", exchange,
                com.connectorservice.syncjob.protocol.SyncRunProtocol.Assignments.class);
    }

    /**
     * Waits up to {@code wait} for the desired state to have another version than {@code heldVersion}.
     *
     * @return the version the control plane holds now
     */
    public String watchDesiredState(String agentId, String heldVersion, Duration wait)
            throws IOException, InterruptedException {
        return post("api/v1/agents/" + agentId + "/desired-state/watch",
                new DesiredStateWatch(heldVersion, (int) wait.toSeconds()), DesiredStateWatch.class, wait.plus(TIMEOUT))
                .version();
    }

    private <T> T post(String path, Object body, Class<T> replyType) throws IOException, InterruptedException {
        return post(path, body, replyType, TIMEOUT);
    }

    private <T> T post(String path, Object body, Class<T> replyType, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUrl.resolve(path))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Json.TO_CONTROL_PLANE.writeValueAsBytes(body)));
        if (token != null && !token.isEmpty()) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        int status = response.statusCode();
        if (status == 404 || status == 410) {
            throw new UnknownAgentException("control plane answered " + status + " to " + path);
        }
        if (status / 100 != 2) {
            throw new IOException("control plane answered " + status + " to " + path + ": "
                    + new String(response.body(), java.nio.charset.StandardCharsets.UTF_8));
        }
        return Json.MAPPER.readValue(response.body(), replyType);
    }

    /** The control plane does not know this agent (never registered, or its lease was dropped). */
    public static final class UnknownAgentException extends IOException {
        public UnknownAgentException(String message) {
            super(message);
        }
    }
}
