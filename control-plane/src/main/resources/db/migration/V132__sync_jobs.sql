-- Sync jobs (issue 17, seed 002): scheduled time-window reads of a topic into one MaxCompute partition each.

-- The job as the user describes it (one JSON document, the AccessKey secret encrypted) plus scheduling state.
create table sync_job (
    id               bigserial    primary key,
    instance_id      varchar(48)  not null references kafka_instance (id),
    name             varchar(48)  not null,
    description      varchar(1024),
    source_topic     varchar(249) not null,
    definition       jsonb        not null,
    enabled          boolean      not null default true,
    -- scheduled times before this are not run (the job did not exist or was paused then)
    schedule_from    timestamptz  not null,
    -- the latest scheduled time a run was made for; a firing at or before it is a duplicate
    last_scheduled   timestamptz,
    -- firings that found their scheduled time already handled (clustered Quartz should make this 0)
    ignored_firings  bigint       not null default 0,
    created_at       timestamptz  not null,
    updated_at       timestamptz  not null,
    unique (instance_id, name)
);

-- One run per window attempt series: WAITING (node_id set once placed), RUNNING, SUCCEEDED, FAILED, SKIPPED
-- (a scheduled time missed while no control plane ran; run it with the rerun action).
create table sync_run (
    id              bigserial    primary key,
    job_id          bigint       not null references sync_job (id) on delete cascade,
    trigger         varchar(16)  not null,
    scheduled_time  timestamptz,
    scheduled_by    varchar(200),
    window_start    timestamptz,
    window_end      timestamptz,
    partition_spec  varchar(512),
    parameters      jsonb        not null default '{}'::jsonb,
    state           varchar(16)  not null,
    attempt         integer      not null default 1,
    max_attempts    integer      not null,
    not_before      timestamptz  not null,
    node_id         varchar(128),
    assigned_at     timestamptz,
    records_read    bigint,
    records_written bigint,
    start_offsets   jsonb,
    end_offsets     jsonb,
    error           text,
    attempts        jsonb        not null default '[]'::jsonb,
    created_at      timestamptz  not null,
    started_at      timestamptz,
    finished_at     timestamptz
);
create unique index sync_run_scheduled_once on sync_run (job_id, scheduled_time) where trigger in ('SCHEDULE', 'MISSED');
create index sync_run_job on sync_run (job_id, id desc);
create index sync_run_open on sync_run (state) where state in ('WAITING', 'RUNNING');

-- Records found late for a window: their timestamp is in window_start's window, they sit past the offsets that
-- window's last run read, and a run of observer_window_start saw them. A rerun of the window takes them in.
create table sync_late_record (
    job_id                bigint      not null references sync_job (id) on delete cascade,
    window_start          timestamptz not null,
    observer_window_start timestamptz not null,
    records               bigint      not null,
    observed_at           timestamptz not null,
    primary key (job_id, window_start, observer_window_start)
);
