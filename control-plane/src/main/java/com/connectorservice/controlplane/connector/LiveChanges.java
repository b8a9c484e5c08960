package com.connectorservice.controlplane.connector;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

import com.connectorservice.controlplane.api.FieldViolation;

/**
 * Which changes a deployed connector can take without being stopped. Destination settings, concurrency, failure
 * policy, description and replicas reach the workers as a new config (Connect commits offsets and restarts the
 * tasks, so nothing is lost). The source topic, the internal topics, the group, the offset reset and the resource
 * creation mode fix where the connector's data and offsets live: changing them under a running worker group would
 * lose or re-read data, so they need a stop (and usually a new connector).
 */
public final class LiveChanges {

    private record Fixed(String field, Function<SourceSettings, Object> value) {
    }

    private static final List<Fixed> FIXED_WHILE_DEPLOYED = List.of(
            new Fixed("source.topic", SourceSettings::topic),
            new Fixed("source.consumerGroup", SourceSettings::consumerGroup),
            new Fixed("source.offsetTopic", SourceSettings::offsetTopic),
            new Fixed("source.configTopic", SourceSettings::configTopic),
            new Fixed("source.statusTopic", SourceSettings::statusTopic),
            new Fixed("source.deadLetterTopic", SourceSettings::deadLetterTopic),
            new Fixed("source.errorTopic", SourceSettings::errorTopic),
            new Fixed("source.offsetReset", SourceSettings::offsetReset),
            new Fixed("source.resourceCreation", SourceSettings::resourceCreation));

    private LiveChanges() {
    }

    /** The fields a deployed connector refuses to change (the console greys them out while it runs). */
    public static List<String> fixedWhileDeployed() {
        return FIXED_WHILE_DEPLOYED.stream().map(Fixed::field).toList();
    }

    /** One violation per field that differs and cannot change while the connector is deployed. */
    static List<FieldViolation> refused(SourceSettings stored, SourceSettings update, ConnectorStatus status) {
        List<FieldViolation> refused = new ArrayList<>();
        for (Fixed fixed : FIXED_WHILE_DEPLOYED) {
            Object before = fixed.value().apply(stored);
            Object after = fixed.value().apply(update);
            if (!Objects.equals(before, after)) {
                refused.add(new FieldViolation(fixed.field(), fixed.field() + ".immutableWhileDeployed",
                        fixed.field() + " cannot change while the connector is " + status + " (from '" + before + "' to '"
                                + after + "'); stop and delete it, or create a new connector"));
            }
        }
        return refused;
    }
}
