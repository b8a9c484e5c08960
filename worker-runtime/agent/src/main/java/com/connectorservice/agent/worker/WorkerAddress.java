package com.connectorservice.agent.worker;

/**
 * Where this host's Connect workers are reached: the name or address other hosts use ({@code rest.advertised.host.name},
 * as Strimzi sets it to the pod's name) and the local address their REST listener binds ({@code 0.0.0.0} for all).
 * Connect forwards config writes and task configs to the group's leader at its advertised address, so a connector
 * placed on several hosts runs its tasks only when every member advertises an address the others reach.
 */
public record WorkerAddress(String advertisedHost, String listenAddress) {

    /** Workers of agents that predate advertised addresses listened on loopback only. */
    public static final String LOOPBACK = "127.0.0.1";

    public WorkerAddress {
        if (advertisedHost == null || advertisedHost.isBlank()) {
            throw new IllegalArgumentException("advertised host is required");
        }
        listenAddress = listenAddress == null || listenAddress.isBlank() ? advertisedHost : listenAddress;
    }

    public static WorkerAddress of(String host) {
        return new WorkerAddress(host, host);
    }

    /** The REST URL of a worker on this host, as the other members of its group reach it. */
    public static String restUrl(String host, int port) {
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    String listenerUrl(int port) {
        return restUrl(listenAddress, port);
    }
}
