-- Issue 18: the tail of each connector's worker log, per task, as its agent last sent it (agents send it only when it
-- changed, so a report without it keeps the one stored).
alter table connector_report add column logs jsonb;
alter table connector_report add column logs_at timestamptz;
