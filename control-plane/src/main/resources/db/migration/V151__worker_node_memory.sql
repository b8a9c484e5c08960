-- Issue 14: placement by measured memory. An agent reports its budget and what its JVMs use with each heartbeat;
-- both stay null for agents that predate it (they are placed by their capacity, a count of connectors).
alter table worker_node add column memory_budget_bytes bigint;
alter table worker_node add column memory_used_bytes bigint;
