package com.connectorservice.controlplane.deployment;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides where connectors run: each on {@code replicas} distinct live nodes, least loaded first (placed
 * connectors / capacity), never above a node's capacity. Placements on nodes whose lease expired are moved.
 * Pure: the scheduler applies the plan.
 */
final class PlacementPlanner {

    record Plan(Map<Long, Set<String>> add, Map<Long, Set<String>> remove, Map<Long, String> reasons) {
    }

    private PlacementPlanner() {
    }

    static Plan plan(List<Deployment> deployments, Map<Long, List<String>> current, List<WorkerNode> nodes, Instant now) {
        return plan(deployments, current, nodes, now, now);
    }

    /**
     * @param keepUntil until then a node whose lease ran out keeps its placements (but gets no new ones): the grace
     *                  of a control plane that just started, whose nodes had no chance to reach it yet
     */
    static Plan plan(List<Deployment> deployments, Map<Long, List<String>> current, List<WorkerNode> nodes, Instant now,
            Instant keepUntil) {
        Map<String, WorkerNode> live = new LinkedHashMap<>();
        nodes.stream().filter(n -> n.live(now)).forEach(n -> live.put(n.id(), n));
        Set<String> keepable = new LinkedHashSet<>(live.keySet());
        if (now.isBefore(keepUntil)) {
            nodes.forEach(n -> keepable.add(n.id()));
        }
        Map<String, Integer> load = new HashMap<>();
        keepable.forEach(id -> load.put(id, 0));
        Map<Long, Set<String>> kept = new LinkedHashMap<>();
        Map<Long, Set<String>> remove = new LinkedHashMap<>();
        for (Deployment deployment : deployments) {
            Set<String> keep = new LinkedHashSet<>();
            for (String node : current.getOrDefault(deployment.connectorId(), List.of())) {
                if (keepable.contains(node)) {
                    keep.add(node);
                    load.merge(node, 1, Integer::sum);
                } else {
                    remove.computeIfAbsent(deployment.connectorId(), k -> new LinkedHashSet<>()).add(node);
                }
            }
            kept.put(deployment.connectorId(), keep);
        }
        Map<String, Integer> capacity = new HashMap<>();
        nodes.forEach(n -> capacity.put(n.id(), n.capacity()));
        Comparator<String> leastLoaded = Comparator.<String>comparingDouble(n -> (double) load.get(n) / Math.max(1, capacity.get(n)))
                .thenComparing(Comparator.naturalOrder());
        Map<Long, Set<String>> add = new LinkedHashMap<>();
        Map<Long, String> reasons = new LinkedHashMap<>();
        for (Deployment deployment : deployments) {
            Set<String> keep = kept.get(deployment.connectorId());
            while (keep.size() > deployment.replicas()) {
                String busiest = keep.stream().max(leastLoaded).orElseThrow();
                keep.remove(busiest);
                load.merge(busiest, -1, Integer::sum);
                remove.computeIfAbsent(deployment.connectorId(), k -> new LinkedHashSet<>()).add(busiest);
            }
            List<String> candidates = new ArrayList<>(live.keySet());
            candidates.removeAll(keep);
            candidates.removeIf(n -> load.get(n) >= live.get(n).capacity());
            candidates.sort(leastLoaded);
            Set<String> added = new LinkedHashSet<>();
            while (keep.size() + added.size() < deployment.replicas() && !candidates.isEmpty()) {
                String node = candidates.remove(0);
                load.merge(node, 1, Integer::sum);
                added.add(node);
            }
            if (!added.isEmpty()) {
                add.put(deployment.connectorId(), added);
            }
            int placed = keep.size() + added.size();
            reasons.put(deployment.connectorId(), placed >= deployment.replicas() ? null
                    : "placed on " + placed + " of " + deployment.replicas() + " replicas: " + live.size()
                            + " live worker node(s), none other with free capacity");
        }
        return new Plan(add, remove, reasons);
    }
}
