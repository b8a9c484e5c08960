package com.connectorservice.agent.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.connectorservice.agent.secrets.SecretsStore;
import com.connectorservice.agent.runtime.ConnectorRuntimes;
import com.connectorservice.agent.worker.ProcessConnectorRuntime;
import com.connectorservice.agent.worker.WorkerAddress;
import com.connectorservice.agent.worker.WorkerLaunch;
import com.connectorservice.contracts.agent.AgentProtocol.ConnectorReport;
import com.connectorservice.contracts.agent.AgentProtocol.DesiredConnector;
import com.connectorservice.contracts.agent.AgentProtocol.WorkerSpec;
import com.connectorservice.contracts.agent.Isolation;
import com.connectorservice.contracts.agent.TargetState;

class ReconcilerValidationTest {

    @TempDir
    Path dir;

    @Test
    void invalidDesiredStateIsReportedWithFieldAndRuleAndStartsNothing() {
        SecretsStore secrets = new SecretsStore(dir.resolve("secrets"));
        ProcessConnectorRuntime runtime = new ProcessConnectorRuntime(dir.resolve("workers"),
                WorkerAddress.of("127.0.0.1"),
                new WorkerLaunch(WorkerLaunch.currentJava(), List.of(), "", dir.resolve("plugins")),
                Duration.ofSeconds(60), () -> { });
        Reconciler reconciler = new Reconciler(secrets, new ConnectorRuntimes(Map.of(Isolation.PROCESS, runtime,
                Isolation.DENSE, runtime)), new LocalState(dir, secrets), dir);
        reconciler.desire(List.of(
                new DesiredConnector("Bad_Name", "i", 1, TargetState.RUNNING,
                        new WorkerSpec("localhost:9092", Map.of(), null, null, null, null),
                        Map.of("connector.class", "x.Y"), Map.of(), null, null),
                new DesiredConnector("no-servers", "i", 1, TargetState.RUNNING,
                        new WorkerSpec(" ", Map.of(), null, null, null, null),
                        Map.of("connector.class", "x.Y", "password", "${secret:pw}",
                                "consumer.override.group.id", "elsewhere"), Map.of(), null, null)));

        reconciler.reconcileOnce();

        assertThat(reconciler.reports()).extracting(ConnectorReport::state).containsOnly("FAILED");
        assertThat(report(reconciler, "Bad_Name").conditions().get(0).message())
                .startsWith("name: must be 1-48 characters of a-z, 0-9 and '-'");
        assertThat(report(reconciler, "no-servers").conditions().get(0).message())
                .contains("worker.bootstrapServers: is required")
                .contains("connectorConfig: refers to ${secret:pw} but secrets has no key 'pw'")
                .contains("connectorConfig.consumer.override.group.id: the sink's consumer group must be "
                        + "connect-no-servers");
        assertThat(runtime.connectors()).isEmpty();
    }

    private static ConnectorReport report(Reconciler reconciler, String name) {
        return reconciler.reports().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }
}
