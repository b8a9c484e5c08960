package com.connectorservice.controlplane.connector;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.connectorservice.controlplane.api.ApiException;
import com.connectorservice.controlplane.deployment.DeploymentService;

import jakarta.annotation.PreDestroy;

/**
 * Finishes accepted DELETEs off the request thread: stop the connector on every node and take it out of the desired
 * states (bounded by the deployment's stop timeout), then delete the resources the service created for it when asked,
 * then its row. A delete that fails (a node slow to stop, the cluster unreachable) stays DELETING and is tried again by
 * the sweep, which also finishes what a restarted control plane had accepted.
 */
@Component
class ConnectorDeletions {

    private static final Logger log = LoggerFactory.getLogger(ConnectorDeletions.class);

    private final ConnectorService connectors;
    private final DeploymentService deployments;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "connector-deletions");
        thread.setDaemon(true);
        return thread;
    });
    private final Set<ConnectorRef> running = ConcurrentHashMap.newKeySet();

    ConnectorDeletions(ConnectorService connectors, DeploymentService deployments) {
        this.connectors = connectors;
        this.deployments = deployments;
    }

    ConnectorResponse accept(String instanceId, String name, boolean deleteResources) {
        ConnectorResponse deleting = connectors.requestDelete(instanceId, name, deleteResources);
        start(new ConnectorRef(instanceId, name));
        return deleting;
    }

    @Scheduled(fixedDelayString = "${connectors.deployment.delete-retry-interval:15s}", initialDelayString = "5s")
    void sweep() {
        connectors.deleting().forEach(this::start);
    }

    private void start(ConnectorRef connector) {
        if (!running.add(connector)) {
            return;
        }
        executor.execute(() -> {
            try {
                deployments.undeploy(connector.instanceId(), connector.name());
                connectors.finishDelete(connector.instanceId(), connector.name());
                log.info("Connector {} deleted", connector);
            } catch (ApiException | IllegalStateException e) {
                log.warn("Deleting connector {} did not finish, it stays DELETING and is retried: {}", connector,
                        e.getMessage());
            } catch (RuntimeException e) {
                log.warn("Deleting connector {} did not finish, it stays DELETING and is retried", connector, e);
            } finally {
                running.remove(connector);
            }
        });
    }

    @PreDestroy
    void stop() {
        executor.shutdownNow();
    }
}
