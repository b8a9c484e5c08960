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
 * Decides where connectors run: each on {@code replicas} distinct live nodes, the roomiest first, only where it fits.
 * Room is memory (issue 14): an agent reports its budget and what its JVMs use; a node's load is what it uses or
 * what its connectors are expected to cost ({@code connectorBytes} each), whichever is more, so connectors placed
 * in this pass or not yet measured count too. An agent that reports no memory (older agents) gets a budget of its
 * capacity in connectors. The capacity stays a cap on the count. Placements on nodes whose lease expired are moved
 * (after a restarted control plane's grace).
 * Pure: the scheduler applies the plan.
 */
final class PlacementPlanner {

    private static final long MIB = 1024 * 1024;

    record Plan(Map<Long, Set<String>> add, Map<Long, Set<String>> remove, Map<Long, String> reasons) {
    }

    private PlacementPlanner() {
    }

    static Plan plan(List<Deployment> deployments, Map<Long, List<String>> current, List<WorkerNode> nodes, Instant now,
                     long connectorBytes) {
        return plan(deployments, current, nodes, now, now, connectorBytes);
    }

    /**
     * @param keepUntil until then a node whose lease ran out keeps its placements (but gets no new ones): the grace
     *                  of a control plane that just started, whose nodes had no chance to reach it yet
     */
    static Plan plan(List<Deployment> deployments, Map<Long, List<String>> current, List<WorkerNode> nodes, Instant now,
                     Instant keepUntil, long connectorBytes) {
        Map<String, WorkerNode> live = new LinkedHashMap<>();
        nodes.stream().filter(n -> n.live(now)).forEach(n -> live.put(n.id(), n));
        Map<String, WorkerNode> keepable = new LinkedHashMap<>(live);
        if (now.isBefore(keepUntil)) {
            nodes.forEach(n -> keepable.putIfAbsent(n.id(), n));
        }
        Map<String, Integer> count = new HashMap<>();
        keepable.keySet().forEach(id -> count.put(id, 0));
        Map<Long, Set<String>> kept = new LinkedHashMap<>();
        Map<Long, Set<String>> remove = new LinkedHashMap<>();
        for (Deployment deployment : deployments) {
            Set<String> keep = new LinkedHashSet<>();
            for (String node : current.getOrDefault(deployment.connectorId(), List.of())) {
                if (keepable.containsKey(node)) {
                    keep.add(node);
                    count.merge(node, 1, Integer::sum);
                } else {
                    remove.computeIfAbsent(deployment.connectorId(), k -> new LinkedHashSet<>()).add(node);
                }
            }
            kept.put(deployment.connectorId(), keep);
        }
        Room room = new Room(live, keepable, count, connectorBytes);
        Comparator<String> leastLoaded = Comparator.<String>comparingDouble(room::load)
                .thenComparing(Comparator.naturalOrder());
        Map<Long, Set<String>> add = new LinkedHashMap<>();
        Map<Long, String> reasons = new LinkedHashMap<>();
        for (Deployment deployment : deployments) {
            Set<String> keep = kept.get(deployment.connectorId());
            while (keep.size() > deployment.replicas()) {
                String busiest = keep.stream().max(leastLoaded).orElseThrow();
                keep.remove(busiest);
                room.release(busiest);
                remove.computeIfAbsent(deployment.connectorId(), k -> new LinkedHashSet<>()).add(busiest);
            }
            List<String> candidates = new ArrayList<>(live.keySet());
            candidates.removeAll(keep);
            candidates.removeIf(n -> !room.fits(n));
            candidates.sort(leastLoaded);
            Set<String> added = new LinkedHashSet<>();
            while (keep.size() + added.size() < deployment.replicas() && !candidates.isEmpty()) {
                String node = candidates.remove(0);
                room.take(node);
                added.add(node);
            }
            if (!added.isEmpty()) {
                add.put(deployment.connectorId(), added);
            }
            int placed = keep.size() + added.size();
            reasons.put(deployment.connectorId(), placed >= deployment.replicas() ? null
                    : room.whyNot(deployment, placed, keep, added));
        }
        return new Plan(add, remove, reasons);
    }

    /** Each live node's connectors and memory as this pass goes. */
    private static final class Room {

        private final Map<String, WorkerNode> live;
        /** the live nodes and, during a restarted control plane's grace, the nodes not heard from yet */
        private final Map<String, WorkerNode> known;
        private final Map<String, Integer> count;
        private final long connectorBytes;
        private final Map<String, Integer> added = new HashMap<>();

        Room(Map<String, WorkerNode> live, Map<String, WorkerNode> known, Map<String, Integer> count,
             long connectorBytes) {
            this.live = live;
            this.known = known;
            this.count = count;
            this.connectorBytes = Math.max(1, connectorBytes);
        }

        long budget(String node) {
            WorkerNode worker = known.get(node);
            return worker.memoryBudgetBytes() != null ? worker.memoryBudgetBytes()
                    : (long) Math.max(1, worker.capacity()) * connectorBytes;
        }

        /** Measured use (or the estimate of what already runs there, if more) plus this pass's new placements. */
        long used(String node) {
            Long measured = known.get(node).memoryUsedBytes();
            int placedBefore = count.get(node) - added.getOrDefault(node, 0);
            return Math.max(measured == null ? 0 : measured, placedBefore * connectorBytes)
                    + added.getOrDefault(node, 0) * connectorBytes;
        }

        double load(String node) {
            return (double) used(node) / budget(node);
        }

        boolean fits(String node) {
            return live.containsKey(node) && count.get(node) < live.get(node).capacity()
                    && used(node) + connectorBytes <= budget(node);
        }

        void take(String node) {
            count.merge(node, 1, Integer::sum);
            added.merge(node, 1, Integer::sum);
        }

        void release(String node) {
            count.merge(node, -1, Integer::sum);
        }

        /** What a user reads in the connector's status: what is short, and what to do about it. */
        String whyNot(Deployment deployment, int placed, Set<String> keep, Set<String> added) {
            String shortBy = "placed on " + placed + " of " + deployment.replicas() + " replicas: ";
            if (live.isEmpty()) {
                return shortBy + "no agent is connected. Start an agent (the connector runs as soon as one registers).";
            }
            if (live.size() < deployment.replicas()) {
                return shortBy + "each replica needs an agent of its own and " + live.size()
                        + " agent(s) are connected. Add an agent, or lower the connector's replicas.";
            }
            String roomiest = live.keySet().stream().filter(n -> !keep.contains(n) && !added.contains(n))
                    .max(Comparator.comparingLong(n -> budget(n) - used(n))).orElse(null);
            if (roomiest == null) {
                return shortBy + "no other agent is connected. Add an agent.";
            }
            if (count.get(roomiest) >= live.get(roomiest).capacity()) {
                return shortBy + "every agent runs as many connectors as it may (agent " + roomiest + ": "
                        + count.get(roomiest) + ", its CONNECTORS_AGENT_CAPACITY). Add an agent, or raise"
                        + " CONNECTORS_AGENT_CAPACITY.";
            }
            return shortBy + "no agent has memory for another connector (about " + mib(connectorBytes)
                    + " MiB each); the roomiest, " + roomiest + ", uses " + mib(used(roomiest)) + " MiB of its "
                    + mib(budget(roomiest)) + " MiB budget. Add an agent, or raise CONNECTORS_AGENT_MEMORY_BUDGET_MB"
                    + " on one, or stop connectors you no longer need.";
        }

        private static long mib(long bytes) {
            return Math.round(bytes / (double) MIB);
        }
    }
}
