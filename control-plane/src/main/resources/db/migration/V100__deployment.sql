-- Worker runtime (issue 5): agents with leases, what should run where, and what the agents report.
create table worker_node (
    id               varchar(128) primary key,
    host             varchar(256) not null,
    capacity         integer      not null,
    version          varchar(64),
    registered_at    timestamptz  not null,
    last_heartbeat   timestamptz  not null,
    lease_expires_at timestamptz  not null
);

-- One row per deployed connector. generation increases with every change an agent must apply.
create table connector_deployment (
    connector_id          bigint       primary key references connector (id) on delete cascade,
    target_state          varchar(16)  not null,
    generation            bigint       not null,
    replicas              integer      not null,
    dlq_replication_factor integer     not null default 1,
    reason                varchar(1024),
    restart_request_id    varchar(64),
    restart_include_tasks boolean      not null default false,
    restart_only_failed   boolean      not null default false,
    reset_request_id      varchar(64),
    updated_at            timestamptz  not null
);

create table connector_placement (
    connector_id bigint       not null references connector (id) on delete cascade,
    node_id      varchar(128) not null references worker_node (id) on delete cascade,
    placed_at    timestamptz  not null,
    primary key (connector_id, node_id)
);
create index connector_placement_node on connector_placement (node_id);

-- The latest report of each agent about each connector it runs.
create table connector_report (
    connector_id    bigint       not null references connector (id) on delete cascade,
    node_id         varchar(128) not null references worker_node (id) on delete cascade,
    generation      bigint       not null,
    state           varchar(32)  not null,
    trace           text,
    tasks           jsonb        not null default '[]'::jsonb,
    worker          jsonb,
    conditions      jsonb        not null default '[]'::jsonb,
    applied_restart varchar(64),
    applied_reset   varchar(64),
    reported_at     timestamptz  not null,
    primary key (connector_id, node_id)
);
