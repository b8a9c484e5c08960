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
                Map.of(1L, List.of("a"), 2L, List.of("c")), List.of(node("a", 2, true), node("b", 4, true), node("c", 4, true)), NOW);

        assertThat(plan.add()).containsExactlyEntriesOf(Map.of(3L, Set.of("b", "c")));
        assertThat(plan.remove()).isEmpty();
        assertThat(plan.reasons().get(3L)).isNull();
    }

    @Test
    void movesConnectorsOffNodesWhoseLeaseExpired() {
        PlacementPlanner.Plan plan = PlacementPlanner.plan(List.of(deployment(1, 2)), Map.of(1L, List.of("a", "b")),
                List.of(node("a", 2, true), node("b", 2, false), node("c", 2, true)), NOW);

        assertThat(plan.remove()).containsExactlyEntriesOf(Map.of(1L, Set.of("b")));
        assertThat(plan.add()).containsExactlyEntriesOf(Map.of(1L, Set.of("c")));
    }

    /** Issue 12 crash drill: a control plane back from a crash must not move everything off nodes it did not hear yet. */
    @Test
    void aRestartedControlPlaneKeepsPlacementsOnNodesThatHadNoLeaseToReachItYetButPlacesNothingNewThere() {
        List<WorkerNode> nodes = List.of(node("a", 4, false), node("b", 4, true));
        PlacementPlanner.Plan grace = PlacementPlanner.plan(List.of(deployment(1, 1), deployment(2, 1)),
                Map.of(1L, List.of("a")), nodes, NOW, NOW.plusSeconds(5));

        assertThat(grace.remove()).isEmpty();
        assertThat(grace.add()).containsExactlyEntriesOf(Map.of(2L, Set.of("b")));

        PlacementPlanner.Plan after = PlacementPlanner.plan(List.of(deployment(1, 1)), Map.of(1L, List.of("a")), nodes,
                NOW.plusSeconds(6), NOW.plusSeconds(5));
        assertThat(after.remove()).containsExactlyEntriesOf(Map.of(1L, Set.of("a")));
    }

    @Test
    void neverExceedsCapacityAndSaysWhyAConnectorIsShort() {
        PlacementPlanner.Plan plan = PlacementPlanner.plan(List.of(deployment(1, 1), deployment(2, 2)), Map.of(),
                List.of(node("a", 1, true), node("b", 1, true)), NOW);

        assertThat(plan.add()).isEqualTo(Map.of(1L, Set.of("a"), 2L, Set.of("b")));
        assertThat(plan.reasons().get(2L)).contains("placed on 1 of 2 replicas");
    }

    @Test
    void fewerReplicasReleaseTheBusiestNode() {
        PlacementPlanner.Plan plan = PlacementPlanner.plan(List.of(deployment(1, 1), deployment(2, 1)),
                Map.of(1L, List.of("a", "b"), 2L, List.of("b")), List.of(node("a", 4, true), node("b", 4, true)), NOW);

        assertThat(plan.remove()).containsExactlyEntriesOf(Map.of(1L, Set.of("b")));
        assertThat(plan.add()).isEmpty();
    }
}
