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

    static String typeOf(Destination destination) {
        return destination instanceof MaxComputeDestination ? MAXCOMPUTE : TABLESTORE;
    }
}
