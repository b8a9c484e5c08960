package com.connectorservice.contracts.agent;

/**
 * How a connector's Connect worker is hosted on an agent. Either way it is the connector's own member of its own group
 * ({@code connect-cluster-<name>}) with its own internal topics; only the JVM differs.
 */
public enum Isolation {
    /** One herder among others in the agent's JVM for the connector's Kafka instance: starts in well under a second. */
    DENSE,
    /** A JVM of its own: for a connector whose memory or threads must not be shared with any neighbour. */
    PROCESS;

    public static Isolation orDefault(Isolation isolation) {
        return isolation == null ? DENSE : isolation;
    }
}
