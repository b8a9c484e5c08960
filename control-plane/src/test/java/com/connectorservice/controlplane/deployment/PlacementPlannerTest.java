package com.connectorservice.controlplane.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.connectorservice.contracts.agent.TargetState;

class PlacementPlannerTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final long MIB = 1024 * 1024;
    private static final long COST = 24 * MIB;

    private static WorkerNode node(String id, int capacity, boolean live) {
        return new WorkerNode(id, id, capacity, "1", NOW, live ? NOW.plusSeconds(10) : NOW.minusSeconds(1));
    }

    private static Deployment deployment(long id, int replicas) {
        return new Deployment(id, "k", "c" + id, TargetState.RUNNING, 1, replicas, 1, null, null, false, false, null);
    }

    @Test
    void placesOnDistinctLeastLoadedNodesByCapacity() {
        // a: 1 of 2 used (0.5), b: 0 of 4, c: 1 of 4 (0.25)
        PlacementPlanner.Plan plan = PlacementPlanner.plan(List.of(deployment(1, 1), deployment(2, 1), deployment(3, 2)),
                Map.of(1L, List.of("a"), 2L, List.of("c")), List.of(node("a", 2, true), node("b", 4, true), node("c", 4, true)), NOW, COST);

        assertThat(plan.add()).containsExactlyEntriesOf(Map.of(3L, Set.of("b", "c")));
        assertThat(plan.remove()).isEmpty();
        assertThat(plan.reasons().get(3L)).isNull();
    }

    @Test
    void movesConnectorsOffNodesWhoseLeaseExpired() {
        PlacementPlanner.Plan plan = PlacementPlanner.plan(List.of(deployment(1, 2)), Map.of(1L, List.of("a", "b")),
                List.of(node("a", 2, true), node("b", 2, false), node("c", 2, true)), NOW, COST);

        assertThat(plan.remove()).containsExactlyEntriesOf(Map.of(1L, Set.of("b")));
        assertThat(plan.add()).containsExactlyEntriesOf(Map.of(1L, Set.of("c")));
    }

    /** Issue 12 crash drill: a control plane back from a crash must not move everything off nodes it did not hear yet. */
    @Test
    void aRestartedControlPlaneKeepsPlacementsOnNodesThatHadNoLeaseToReachItYetButPlacesNothingNewThere() {
        List<WorkerNode> nodes = List.of(node("a", 4, false), node("b", 4, true));
        PlacementPlanner.Plan grace = PlacementPlanner.plan(List.of(deployment(1, 1), deployment(2, 1)),
                Map.of(1L, List.of("a")), nodes, NOW, NOW.plusSeconds(5), COST);

        assertThat(grace.remove()).isEmpty();
        assertThat(grace.add()).containsExactlyEntriesOf(Map.of(2L, Set.of("b")));

        PlacementPlanner.Plan after = PlacementPlanner.plan(List.of(deployment(1, 1)), Map.of(1L, List.of("a")), nodes,
                NOW.plusSeconds(6), NOW.plusSeconds(5), COST);
        assertThat(after.remove()).containsExactlyEntriesOf(Map.of(1L, Set.of("a")));
    }

    @Test
    void neverExceedsCapacityAndSaysWhyAConnectorIsShort() {
        PlacementPlanner.Plan plan = PlacementPlanner.plan(List.of(deployment(1, 1), deployment(2, 2)), Map.of(),
                List.of(node("a", 1, true), node("b", 1, true)), NOW, COST);

        assertThat(plan.add()).isEqualTo(Map.of(1L, Set.of("a"), 2L, Set.of("b")));
        assertThat(plan.reasons().get(2L)).contains("placed on 1 of 2 replicas");
    }

    @Test
    void fewerReplicasReleaseTheBusiestNode() {
        PlacementPlanner.Plan plan = PlacementPlanner.plan(List.of(deployment(1, 1), deployment(2, 1)),
                Map.of(1L, List.of("a", "b"), 2L, List.of("b")), List.of(node("a", 4, true), node("b", 4, true)), NOW, COST);

        assertThat(plan.remove()).containsExactlyEntriesOf(Map.of(1L, Set.of("b")));
        assertThat(plan.add()).isEmpty();
    }

    private static WorkerNode agent(String id, long budgetMib, long usedMib) {
        return new WorkerNode(id, id, 1000, "1", NOW, NOW.plusSeconds(10), budgetMib * MIB, usedMib * MIB);
    }

    private static List<Deployment> deployments(int n) {
        return java.util.stream.LongStream.rangeClosed(1, n).mapToObj(id -> deployment(id, 1)).toList();
    }

    @Test
    void placesByMeasuredMemoryNotByACountOfFour() {
        // an agent with 1.5 GiB: 40 connectors at 24 MiB each fit beside the agent's own 150 MiB
        PlacementPlanner.Plan plan = PlacementPlanner.plan(deployments(40), Map.of(), List.of(agent("a", 1536, 150)),
                NOW, COST);

        assertThat(plan.add()).hasSize(40);
        assertThat(plan.reasons().values()).allMatch(java.util.Objects::isNull);
    }

    @Test
    void measuredUseBeyondTheEstimateLeavesLessRoomAndTheRoomiestAgentIsChosen() {
        // a: 1000 of 1024 MiB used (a runaway connector), b: 100 of 1024 MiB
        PlacementPlanner.Plan plan = PlacementPlanner.plan(List.of(deployment(1, 1), deployment(2, 1)),
                Map.of(1L, List.of("a")), List.of(agent("a", 1024, 1000), agent("b", 1024, 100)), NOW, COST);

        assertThat(plan.add()).containsExactlyEntriesOf(Map.of(2L, Set.of("b")));
    }

    @Test
    void whenNoAgentHasRoomTheReasonSaysWhatToDoInWords() {
        PlacementPlanner.Plan plan = PlacementPlanner.plan(deployments(3), Map.of(), List.of(agent("a", 200, 150)),
                NOW, COST);

        assertThat(plan.add()).containsOnlyKeys(1L, 2L);
        assertThat(plan.reasons().get(3L)).contains("no agent has memory for another connector")
                .contains("the roomiest, a, uses 198 MiB of its 200 MiB budget")
                .contains("Add an agent, or raise CONNECTORS_AGENT_MEMORY_BUDGET_MB");
        assertThat(PlacementPlanner.plan(deployments(1), Map.of(), List.of(), NOW, COST).reasons().get(1L))
                .contains("no agent is connected. Start an agent");
    }
}
