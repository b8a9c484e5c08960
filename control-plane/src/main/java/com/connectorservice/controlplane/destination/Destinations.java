package com.connectorservice.controlplane.destination;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import com.connectorservice.contracts.sink.ConfigProblem;
import com.connectorservice.controlplane.authorization.AuthorizationFindings;
import com.connectorservice.controlplane.connectconfig.ConnectConfigMapper.ServiceIdentity;
import com.connectorservice.controlplane.connectconfig.SinkConfigWriter;
import com.connectorservice.controlplane.connector.Destination;
import com.connectorservice.controlplane.connector.validation.Violations;
import com.connectorservice.controlplane.preview.DestinationPreview;
import com.fasterxml.jackson.annotation.JsonSubTypes;

/**
 * The registry of {@link DestinationSupport} beans keyed by destination {@code type}: every feature that depends on
 * the kind of destination asks here. It refuses to start unless each subtype the REST type {@link Destination} accepts
 * has exactly one support (and no support is left without a subtype), so no destination can fall through to another's
 * code.
 */
@Component
public class Destinations {

    private final Map<String, DestinationSupport<?>> byType = new LinkedHashMap<>();
    private final Map<Class<?>, DestinationSupport<?>> byClass = new LinkedHashMap<>();

    public Destinations(List<DestinationSupport<?>> supports) {
        for (DestinationSupport<?> support : supports) {
            if (byType.putIfAbsent(support.type(), support) != null) {
                throw new IllegalStateException("two destination supports for type " + support.type());
            }
            byClass.put(support.destinationClass(), support);
        }
        Map<String, Class<?>> wire = Arrays.stream(Destination.class.getAnnotation(JsonSubTypes.class).value())
                .collect(Collectors.toMap(JsonSubTypes.Type::name, JsonSubTypes.Type::value));
        wire.forEach((type, destinationClass) -> {
            DestinationSupport<?> support = byType.get(type);
            if (support == null || support.destinationClass() != destinationClass) {
                throw new IllegalStateException("destination type " + type + " (" + destinationClass.getSimpleName()
                        + ") has no DestinationSupport bean");
            }
        });
        Set<String> unexposed = new TreeSet<>(byType.keySet());
        unexposed.removeAll(wire.keySet());
        if (!unexposed.isEmpty()) {
            throw new IllegalStateException("destination supports " + unexposed + " are not subtypes of Destination");
        }
    }

    /** For code outside Spring (tests, tools): the registry of the given supports. */
    public static Destinations of(DestinationSupport<?>... supports) {
        return new Destinations(List.of(supports));
    }

    public Set<String> types() {
        return byType.keySet();
    }

    /** The destination's {@code type}, e.g. MAXCOMPUTE. */
    public String typeOf(Destination destination) {
        return support(destination).type();
    }

    public void validate(Destination destination, Violations violations) {
        support(destination).validate(destination, violations);
    }

    public List<ConfigProblem> writeSinkConfig(Destination destination, ServiceIdentity service, SinkConfigWriter config,
            Map<String, String> secrets) {
        return support(destination).writeSinkConfig(destination, service, config, secrets);
    }

    public DestinationPreview preview(Destination destination, String table, String partition, int limit) {
        return support(destination).preview(destination, table, partition, limit);
    }

    public void checkAuthorization(Destination destination, AuthorizationFindings findings) {
        support(destination).checkAuthorization(destination, findings);
    }

    public void checkDestination(Destination destination, Violations violations) {
        support(destination).checkDestination(destination, violations);
    }

    public List<String> address(Destination destination) {
        return support(destination).address(destination);
    }

    public Destination mapSecrets(Destination destination, UnaryOperator<String> transform) {
        return support(destination).mapSecrets(destination, transform);
    }

    @SuppressWarnings("unchecked")
    private DestinationSupport<Destination> support(Destination destination) {
        DestinationSupport<?> support = byClass.get(destination.getClass());
        if (support == null) {
            throw new IllegalArgumentException("no destination support for " + destination.getClass().getSimpleName()
                    + "; known types: " + byType.keySet());
        }
        return (DestinationSupport<Destination>) support;
    }
}
