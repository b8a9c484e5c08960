package com.connectorservice.agent.runtime;

import java.time.Instant;

import com.connectorservice.contracts.agent.AgentProtocol.Exit;

/**
 * A snapshot of a connector's worker, its member of the connector's Connect group.
 *
 * @param pid         the process that hosts the worker (the dense runtime's shared JVM hosts several)
 * @param ready       the worker joined its group and answers
 * @param restUrl     the worker's REST URL as the other members of the group reach it (its advertised address)
 * @param nextStartAt set while a crashed worker waits out its back-off
 */
public record WorkerView(String connector, Long pid, boolean alive, boolean ready, String restUrl,
                         int restarts, Exit lastExit, Instant nextStartAt) {
}
