package com.connectorservice.controlplane.connector;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Credentials for the destination: an AccessKey pair (seed 001's {@code account_type=ALIYUN}) or a RAM role
 * the service assumes through STS (the managed product's service account + role name, seed 001's {@code STS}).
 */
@Schema(discriminatorProperty = "type", discriminatorMapping = {
        @DiscriminatorMapping(value = DestinationAuth.ACCESS_KEY, schema = DestinationAuth.AccessKey.class),
        @DiscriminatorMapping(value = DestinationAuth.RAM_ROLE, schema = DestinationAuth.RamRole.class) })
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = DestinationAuth.AccessKey.class, name = DestinationAuth.ACCESS_KEY),
        @JsonSubTypes.Type(value = DestinationAuth.RamRole.class, name = DestinationAuth.RAM_ROLE) })
public sealed interface DestinationAuth {

    String ACCESS_KEY = "ACCESS_KEY";
    String RAM_ROLE = "RAM_ROLE";

    /** The only secret of a definition; stored encrypted, answered masked. */
    record AccessKey(String accessKeyId, String accessKeySecret) implements DestinationAuth {

        public AccessKey withSecret(String secret) {
            return new AccessKey(accessKeyId, secret);
        }
    }

    /** {@code clientTimeoutMs}: how often the STS token is refreshed (seed 001 {@code client_timeout_ms}). */
    record RamRole(String accountId, String roleName, String stsEndpoint, Long clientTimeoutMs) implements DestinationAuth {
    }
}
