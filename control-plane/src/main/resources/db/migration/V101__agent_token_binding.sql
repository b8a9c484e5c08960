-- Issue 12: an AGENT token acts for one agent id only (register, heartbeat, secrets, status). Tokens issued before
-- this migration are bound to their name, the default for new ones too; the built-in token is rebound at startup.
alter table api_token add column agent_id varchar(128);
update api_token set agent_id = name where role = 'AGENT';
alter table api_token add constraint api_token_agent_id check ((role = 'AGENT') = (agent_id is not null));
