package com.connectorservice.controlplane.connector;

import java.util.List;
import java.util.function.UnaryOperator;

import com.connectorservice.controlplane.secret.SecretCipher;

/**
 * The secrets of a {@link DestinationAuth} (today the AccessKey secret), for every document that holds one: connector
 * definitions and sync jobs encrypt, decrypt, mask and carry them over the same way.
 */
public final class AuthSecrets {

    private AuthSecrets() {
    }

    /** The credentials with each secret value transformed; the same instance when there is none. */
    public static DestinationAuth map(DestinationAuth auth, UnaryOperator<String> transform) {
        if (!(auth instanceof DestinationAuth.AccessKey key)) {
            return auth;
        }
        return key.withSecret(transform.apply(key.accessKeySecret()));
    }

    public static DestinationAuth mask(DestinationAuth auth) {
        return map(auth, secret -> secret == null ? null : SecretCipher.MASK);
    }

    /**
     * The credentials an update stores. An update that leaves the secret out (or sends back the mask) keeps the stored
     * one, as long as the AccessKey id and the address the secret is sent to are unchanged: a new id without its secret
     * is a mistake, not an intent to keep the old secret, and a secret is only ever sent to the service it was entered
     * for (otherwise a changed endpoint would receive requests signed with it).
     *
     * @param updateAddress where requests signed with the updated credentials would go (endpoints, project, instance)
     * @param storedAddress where the stored secret was entered for
     */
    public static DestinationAuth keepStoredSecret(DestinationAuth update, List<String> updateAddress, DestinationAuth stored,
            List<String> storedAddress) {
        if (update instanceof DestinationAuth.AccessKey newKey && stored instanceof DestinationAuth.AccessKey oldKey
                && SecretCipher.isMaskOrAbsent(newKey.accessKeySecret())
                && newKey.accessKeyId() != null && newKey.accessKeyId().equals(oldKey.accessKeyId())
                && updateAddress.equals(storedAddress)) {
            return newKey.withSecret(oldKey.accessKeySecret());
        }
        return update;
    }
}
