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

    /** An update that leaves the secret out keeps the stored one: {@link AuthSecrets#keepStoredSecret}. */
    ConnectorDefinition keepStoredSecret(ConnectorDefinition update, ConnectorDefinition stored) {
        if (update.destination() == null || stored.destination() == null) {
            return update;
        }
        DestinationAuth kept = AuthSecrets.keepStoredSecret(update.destination().auth(),
                destinations.address(update.destination()), stored.destination().auth(),
                destinations.address(stored.destination()));
        return kept == update.destination().auth() ? update : update.withDestination(update.destination().withAuth(kept));
    }

    private ConnectorDefinition mapSecret(ConnectorDefinition definition, UnaryOperator<String> transform) {
        if (definition.destination() == null) {
            return definition;
        }
        return definition.withDestination(destinations.mapSecrets(definition.destination(), transform));
    }
}
