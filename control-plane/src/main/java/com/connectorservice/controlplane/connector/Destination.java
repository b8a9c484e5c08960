package com.connectorservice.controlplane.connector;

import com.connectorservice.controlplane.destination.maxcompute.MaxComputeDestination;
import com.connectorservice.controlplane.destination.tablestore.TablestoreDestination;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Where a connector writes: chosen by {@code type}. The subtypes listed here are the REST contract (JSON and the
 * OpenAPI discriminator); what the control plane does with each lives in its package under {@code destination}, and
 * {@link com.connectorservice.controlplane.destination.Destinations} refuses to start when the two lists differ.
 */
@Schema(discriminatorProperty = "type", discriminatorMapping = {
        @DiscriminatorMapping(value = MaxComputeDestination.TYPE, schema = MaxComputeDestination.class),
        @DiscriminatorMapping(value = TablestoreDestination.TYPE, schema = TablestoreDestination.class) })
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = MaxComputeDestination.class, name = MaxComputeDestination.TYPE),
        @JsonSubTypes.Type(value = TablestoreDestination.class, name = TablestoreDestination.TYPE) })
public interface Destination {

    DestinationAuth auth();

    Destination withAuth(DestinationAuth auth);

    Destination withDefaults();
}
