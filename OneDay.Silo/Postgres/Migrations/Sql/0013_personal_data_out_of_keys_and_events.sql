-- Personal data out of stored events and grain keys (issue 17, erasure).
--
-- users.registered events of version 1 carried the user's display name, which erasure cannot reach in an
-- append-only store. Version 2 carries ids only; this drops the name from the events stored before it.
-- The store's guard trigger is set aside for this statement alone, inside this migration's transaction.
ALTER TABLE oneday_event_store DISABLE TRIGGER oneday_event_store_no_change;
UPDATE oneday_event_store SET payload = payload - 'displayName'
WHERE type = 'users.registered' AND payload ? 'displayName';
ALTER TABLE oneday_event_store ENABLE TRIGGER oneday_event_store_no_change;

-- Data migrations that need what SQL alone does not hold (a silo-only key, say) run from a silo, once per
-- database; each records its name here. The first: email index rows keyed by the plain address are renamed
-- to their keyed-hash ids (OneDay.Silo/Migrations/LegacyEmailIndexKeys.cs).
CREATE TABLE IF NOT EXISTS oneday_data_migrations
(
    name       text PRIMARY KEY,
    applied_at timestamptz NOT NULL DEFAULT now()
);
