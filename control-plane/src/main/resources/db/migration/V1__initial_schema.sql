-- Kafka clusters the service exports from. Secret client properties are stored encrypted (enc:v1:...).
create table kafka_instance (
    id                varchar(48)  primary key,
    name              varchar(128) not null,
    bootstrap_servers varchar(1024) not null,
    properties        jsonb        not null default '{}'::jsonb,
    created_at        timestamptz  not null,
    updated_at        timestamptz  not null
);

-- Connector definitions. The whole definition (source + destination, secrets encrypted) is one JSONB
-- document; the columns the list view filters and sorts on are kept beside it.
create table connector (
    id               bigserial    primary key,
    instance_id      varchar(48)  not null references kafka_instance (id),
    name             varchar(48)  not null,
    description      varchar(1024),
    status           varchar(32)  not null,
    source_topic     varchar(249) not null,
    destination_type varchar(32)  not null,
    definition       jsonb        not null,
    version          bigint       not null default 0,
    created_at       timestamptz  not null,
    updated_at       timestamptz  not null,
    constraint connector_name_unique unique (instance_id, name)
);
create index connector_instance_status on connector (instance_id, status);

create table api_token (
    id         bigserial   primary key,
    name       varchar(64) not null unique,
    role       varchar(16) not null,
    token_hash varchar(64) not null unique,
    created_by varchar(64),
    created_at timestamptz not null
);

create table audit_event (
    id          bigserial    primary key,
    occurred_at timestamptz  not null,
    actor       varchar(64)  not null,
    action      varchar(64)  not null,
    target      varchar(256) not null,
    details     jsonb        not null default '{}'::jsonb
);
create index audit_event_time on audit_event (occurred_at desc);
create index audit_event_target on audit_event (target);
