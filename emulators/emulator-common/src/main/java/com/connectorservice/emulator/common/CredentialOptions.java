package com.connectorservice.emulator.common;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine.Option;

/** {@code --credential AK:SK}: the AccessKey pairs a cloud service emulator accepts (repeatable). */
public final class CredentialOptions {

    static final String DEFAULT = "local-ak:local-sk";

    @Option(names = "--credential", paramLabel = "AK:SK", split = ",",
            description = "an AccessKey pair requests may be signed with; repeatable (default " + DEFAULT + ")")
    List<String> credentials = new ArrayList<>();

    /**
     * AccessKey id to secret, in the order given; {@code local-ak:local-sk} when none was given.
     *
     * @throws IllegalArgumentException for a value without an id or a secret
     */
    public Map<String, String> secretsByAccessKeyId() {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String credential : credentials.isEmpty() ? List.of(DEFAULT) : credentials) {
            int colon = credential.indexOf(':');
            if (colon <= 0 || colon == credential.length() - 1) {
                throw new IllegalArgumentException("--credential must be accessKeyId:accessKeySecret, it is '"
                        + credential + "'");
            }
            pairs.put(credential.substring(0, colon).trim(), credential.substring(colon + 1).trim());
        }
        return pairs;
    }
}
