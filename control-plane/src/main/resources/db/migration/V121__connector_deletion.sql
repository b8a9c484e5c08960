-- DELETE answers 202 and finishes in the background: the row says DELETING (status) and what to delete with it,
-- so a restarted control plane finishes what it accepted.
alter table connector add column delete_resources boolean;
