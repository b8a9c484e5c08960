package com.connectorservice.controlplane.connector;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

import io.swagger.v3.oas.annotations.media.DiscriminatorMapping;
import io.swagger.v3.oas.annotations.media.Schema;

/** Where a connector writes: chosen by {@code type} (MAXCOMPUTE or TABLESTORE). */
@Schema(discriminatorProperty = "type", discriminatorMapping = {
        @DiscriminatorMapping(value = Destination.MAXCOMPUTE, schema = MaxComputeDestination.class),
        @DiscriminatorMapping(value = Destination.TABLESTORE, schema = TablestoreDestination.class) })
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = MaxComputeDestination.class, name = Destination.MAXCOMPUTE),
        @JsonSubTypes.Type(value = TablestoreDestination.class, name = Destination.TABLESTORE) })
public sealed interface Destination permits MaxComputeDestination, TablestoreDestination {

    String MAXCOMPUTE = "MAXCOMPUTE";
    String TABLESTORE = "TABLESTORE";

    DestinationAuth auth();

    Destination withAuth(DestinationAuth auth);

    Destination withDefaults();

    /** Where requests signed with the destination's credentials go: type, endpoints and (Tablestore) instance. */
    static java.util.List<String> address(Destination destination) {
        if (destination instanceof MaxComputeDestination maxCompute) {
            return java.util.Arrays.asList(MAXCOMPUTE, maxCompute.endpoint(), maxCompute.tunnelEndpoint(), maxCompute.project());
        }
        TablestoreDestination tablestore = (TablestoreDestination) destination;
        return java.util.Arrays.asList(TABLESTORE, tablestore.endpoint(), tablestore.instanceName());
    }

    static String typeOf(Destination destination) {
        return destination instanceof MaxComputeDestination ? MAXCOMPUTE : TABLESTORE;
    }
}
