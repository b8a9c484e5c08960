package com.connectorservice.agent.worker;

import java.time.Instant;

import com.connectorservice.agent.controlplane.AgentProtocol.Exit;

/** A snapshot of one child worker; {@code nextStartAt} is set while a crashed worker waits out its back-off. */
public record WorkerView(String connector, Long pid, boolean alive, boolean restAnswered, String restUrl,
                         int restarts, Exit lastExit, Instant nextStartAt) {
}
