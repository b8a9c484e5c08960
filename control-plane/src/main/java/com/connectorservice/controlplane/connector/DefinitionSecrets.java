package com.connectorservice.controlplane.connector;

import java.util.function.UnaryOperator;

import org.springframework.stereotype.Component;

import com.connectorservice.controlplane.destination.Destinations;
import com.connectorservice.controlplane.secret.SecretCipher;

/**
 * Encrypts, decrypts, masks and carries over the secrets of a definition; which values are secret is the
 * destination's own knowledge ({@link Destinations#mapSecrets}).
 */
@Component
class DefinitionSecrets {

    private final SecretCipher cipher;
    private final Destinations destinations;

    DefinitionSecrets(SecretCipher cipher, Destinations destinations) {
        this.cipher = cipher;
        this.destinations = destinations;
    }

    ConnectorDefinition encrypt(ConnectorDefinition definition) {
        return mapSecret(definition, cipher::encrypt);
    }

    ConnectorDefinition decrypt(ConnectorDefinition definition) {
        return mapSecret(definition, cipher::decrypt);
    }

    ConnectorDefinition mask(ConnectorDefinition definition) {
        return mapSecret(definition, secret -> secret == null ? null : SecretCipher.MASK);
    }

    /**
     * An update that leaves the secret out (or sends back the mask) keeps the stored one, as long as the
     * AccessKey id and the destination's address are unchanged: a new id without its secret is a mistake, not an
     * intent to keep the old secret, and a secret is only ever sent to the service it was entered for (otherwise a
     * changed endpoint would receive requests signed with it).
     */
    ConnectorDefinition keepStoredSecret(ConnectorDefinition update, ConnectorDefinition stored) {
        if (update.destination() == null || stored.destination() == null
                || !(update.destination().auth() instanceof DestinationAuth.AccessKey newKey)
                || !(stored.destination().auth() instanceof DestinationAuth.AccessKey oldKey)
                || !SecretCipher.isMaskOrAbsent(newKey.accessKeySecret())
                || newKey.accessKeyId() == null || !newKey.accessKeyId().equals(oldKey.accessKeyId())
                || !destinations.address(update.destination()).equals(destinations.address(stored.destination()))) {
            return update;
        }
        return update.withDestination(update.destination().withAuth(newKey.withSecret(oldKey.accessKeySecret())));
    }

    private ConnectorDefinition mapSecret(ConnectorDefinition definition, UnaryOperator<String> transform) {
        if (definition.destination() == null) {
            return definition;
        }
        return definition.withDestination(destinations.mapSecrets(definition.destination(), transform));
    }
}
