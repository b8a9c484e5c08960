package com.connectorservice.agent.reconcile;

import java.util.ArrayList;
import java.util.List;

import com.connectorservice.agent.secrets.SecretsStore;
import com.connectorservice.contracts.agent.AgentProtocol.DesiredConnector;
import com.connectorservice.contracts.connector.ConnectorNames;
import com.connectorservice.contracts.connector.ConnectorNames.Resource;

/** Rejects a desired connector the agent cannot act on, naming the field and the rule it breaks. */
final class DesiredStateValidation {

    private DesiredStateValidation() {
    }

    static List<String> problems(DesiredConnector connector) {
        List<String> problems = new ArrayList<>();
        // The name becomes file names and Connect group names: the control plane's naming rule.
        if (!ConnectorNames.isValid(connector.name())) {
            problems.add("name: must be 1-" + ConnectorNames.MAX_LENGTH
                    + " characters of a-z, 0-9 and '-', not starting with '-'");
        }
        if (connector.worker() == null) {
            problems.add("worker: is required");
        } else {
            if (connector.worker().bootstrapServers() == null || connector.worker().bootstrapServers().isBlank()) {
                problems.add("worker.bootstrapServers: is required");
            }
            SecretsStore.missingReferences(connector.worker().clientProperties(), connector.secrets())
                    .forEach(key -> problems.add("worker.clientProperties: refers to ${secret:" + key
                            + "} but secrets has no key '" + key + "'"));
        }
        String connectorClass = connector.connectorConfig().get("connector.class");
        if (connectorClass == null || connectorClass.isBlank()) {
            problems.add("connectorConfig.connector.class: is required");
        }
        String groupOverride = connector.connectorConfig().get("consumer.override.group.id");
        String group = Resource.CONSUMER_GROUP.defaultName(connector.name());
        if (groupOverride != null && !groupOverride.equals(group)) {
            problems.add("connectorConfig.consumer.override.group.id: the sink's consumer group must be " + group
                    + " (the group created at provisioning)");
        }
        SecretsStore.missingReferences(connector.connectorConfig(), connector.secrets())
                .forEach(key -> problems.add("connectorConfig: refers to ${secret:" + key
                        + "} but secrets has no key '" + key + "'"));
        if (connector.restart() != null && isBlank(connector.restart().requestId())) {
            problems.add("restart.requestId: is required when restart is set");
        }
        if (connector.resetOffsets() != null && isBlank(connector.resetOffsets().requestId())) {
            problems.add("resetOffsets.requestId: is required when resetOffsets is set");
        }
        return problems;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
