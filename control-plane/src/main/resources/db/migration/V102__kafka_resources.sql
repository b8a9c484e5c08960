-- Issue 12: a Kafka cluster may be registered as several instances; the id the cluster reports tells them apart.
alter table kafka_instance add column cluster_id varchar(64);
create index kafka_instance_cluster on kafka_instance (cluster_id);

-- Topics and consumer groups the service created on a cluster, so that deleteResources deletes those and nothing
-- else. connector_id is the connector they belong to; null once that connector was deleted with its resources kept,
-- until a connector using them again takes them over. cluster_id stays null for rows of instances registered before
-- it was recorded, until the control plane first asks that cluster for its id.
create table kafka_resource (
    id           bigserial    primary key,
    instance_id  varchar(48)  not null references kafka_instance (id) on delete cascade,
    cluster_id   varchar(64),
    kind         varchar(8)   not null check (kind in ('TOPIC', 'GROUP')),
    name         varchar(255) not null,
    connector_id bigint       references connector (id) on delete set null,
    created_at   timestamptz  not null
);
create unique index kafka_resource_unique on kafka_resource (cluster_id, kind, name);
create index kafka_resource_connector on kafka_resource (connector_id);
create index kafka_resource_instance on kafka_resource (instance_id) where cluster_id is null;

-- Connectors created before: the topics their creation recorded in the audit trail, and their group when that
-- creation committed its starting offsets (it then made the group, or added this topic to it).
insert into kafka_resource (instance_id, kind, name, connector_id, created_at)
select distinct c.instance_id, 'TOPIC', created.topic, c.id, c.created_at
from connector c
join audit_event a on a.action = 'connector.create'
    and a.target = 'instances/' || c.instance_id || '/connectors/' || c.name
    and a.occurred_at between c.created_at and c.created_at + interval '1 minute'
cross join lateral jsonb_array_elements_text(coalesce(a.details -> 'createdTopics', '[]'::jsonb)) as created(topic);

insert into kafka_resource (instance_id, kind, name, connector_id, created_at)
select distinct c.instance_id, 'GROUP', 'connect-' || c.name, c.id, c.created_at
from connector c
join audit_event a on a.action = 'connector.create'
    and a.target = 'instances/' || c.instance_id || '/connectors/' || c.name
    and a.occurred_at between c.created_at and c.created_at + interval '1 minute'
where coalesce((a.details ->> 'committedPartitions')::int, 0) > 0;
