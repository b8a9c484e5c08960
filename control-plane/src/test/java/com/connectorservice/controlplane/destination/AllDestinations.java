package com.connectorservice.controlplane.destination;

import com.connectorservice.controlplane.destination.maxcompute.MaxComputeSupport;
import com.connectorservice.controlplane.destination.tablestore.TablestoreSupport;

/** The registry as the application builds it, for tests that run without Spring. */
public final class AllDestinations {

    private AllDestinations() {
    }

    public static Destinations registry() {
        return Destinations.of(new MaxComputeSupport(), new TablestoreSupport());
    }
}
