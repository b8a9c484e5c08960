-- Issue 18: replay of failed records to their source topic. One row per record a replay action sent, so an action
-- retried with the same id never sends a record twice, and the error-topic browser shows what was replayed when.
create table failed_record_replay (
    replay_id       varchar(64)  not null,
    instance_id     varchar(64)  not null,
    error_topic     varchar(249) not null,
    error_partition int          not null,
    error_offset    bigint       not null,
    connector_name  varchar(128) not null,
    target_topic    varchar(249) not null,
    target_partition int,
    target_offset   bigint,
    replayed_at     timestamptz  not null,
    primary key (replay_id, instance_id, error_topic, error_partition, error_offset)
);
create index failed_record_replay_record on failed_record_replay (instance_id, error_topic, error_partition, error_offset);
