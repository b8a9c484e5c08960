package com.connectorservice.controlplane.deployment;

import java.time.Instant;
import java.util.List;

import com.connectorservice.contracts.agent.AgentProtocol.Condition;
import com.connectorservice.contracts.agent.AgentProtocol.TaskReport;
import com.connectorservice.contracts.agent.AgentProtocol.WorkerReport;

/** The latest report of one agent about one connector, as stored. */
record AgentReport(String nodeId, long generation, String state, String trace, List<TaskReport> tasks, WorkerReport worker,
        List<Condition> conditions, String appliedRestart, String appliedReset, Instant reportedAt) {
}
