package com.connectorservice.controlplane.destination;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import com.connectorservice.contracts.sink.ConfigProblem;
import com.connectorservice.controlplane.authorization.AuthorizationFindings;
import com.connectorservice.controlplane.connectconfig.ConnectConfigMapper.ServiceIdentity;
import com.connectorservice.controlplane.connectconfig.SinkConfigWriter;
import com.connectorservice.controlplane.connector.AuthSecrets;
import com.connectorservice.controlplane.connector.Destination;
import com.connectorservice.controlplane.connector.DestinationAuth;
import com.connectorservice.controlplane.connector.validation.Violations;
import com.connectorservice.controlplane.preview.DestinationPreview;

/**
 * Everything the control plane does that depends on the kind of destination, for one kind: one implementation per
 * package under {@code destination}, registered as a Spring bean and found by its {@link #type()} in
 * {@link Destinations}. Adding a destination is adding such a package (and its subtype on {@link Destination}).
 */
public interface DestinationSupport<D extends Destination> {

    /** The destination's {@code type} on the wire: the discriminator value of {@link Destination}. */
    String type();

    Class<D> destinationClass();

    /**
     * The definition's own rules for the destination's fields (defaults applied); the sink's own rules run afterwards
     * on the config {@link #writeSinkConfig} produces.
     */
    void validate(D destination, Violations violations);

    /**
     * Writes the connector class, converters and the sink's keys (spelled only by the sink's spec in {@code contracts})
     * and answers what the sink's spec (its ConfigDef and rules between keys) finds wrong with the result.
     *
     * @param secrets receives secret values; the config holds only references to them
     */
    List<ConfigProblem> writeSinkConfig(D destination, ServiceIdentity service, SinkConfigWriter config,
            Map<String, String> secrets);

    /**
     * The latest rows written into the destination, read with the connector's own credentials; {@code table} chooses
     * among the tables a destination routes to (null: the first), for destinations that route.
     */
    DestinationPreview preview(D destination, String table, String partition, int limit);

    /** Whether the connector service can act on the destination (roles, grants), creating what it may. */
    void checkAuthorization(D destination, AuthorizationFindings findings);

    /**
     * Asks the destination itself, with the connector's own credentials, whether the definition will work there: the
     * table exists and fits what the sink writes, the endpoint answers, the credentials are accepted. Runs before
     * create and in {@code connectors:validate}, only for a destination whose fields are valid; an error blocks the
     * create, so what the connector will create itself, or an endpoint the control plane cannot reach (the workers
     * may), is at most a warning.
     */
    default void checkDestination(D destination, Violations violations) {
    }

    /**
     * Where requests signed with the destination's credentials go (endpoints, project or instance): a stored secret
     * is carried over to an update only when this is unchanged.
     */
    List<String> address(D destination);

    /** The destination with each secret value transformed (encrypt, decrypt, mask); today the AccessKey secret. */
    @SuppressWarnings("unchecked")
    default D mapSecrets(D destination, UnaryOperator<String> transform) {
        DestinationAuth auth = AuthSecrets.map(destination.auth(), transform);
        return auth == destination.auth() ? destination : (D) destination.withAuth(auth);
    }
}
