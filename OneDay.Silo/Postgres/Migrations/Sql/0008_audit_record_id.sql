-- Records sent from a grain's audit outbox carry an id, and may be sent again after a crash or a
-- reactivation: the log keeps each id once. Older entries, and actions audited synchronously, have none.
-- The hash covers the id when there is one, so an entry written before this migration verifies as before.
ALTER TABLE oneday_audit_log ADD COLUMN IF NOT EXISTS record_id uuid NULL;

CREATE UNIQUE INDEX IF NOT EXISTS ux_oneday_audit_log_record ON oneday_audit_log (record_id) WHERE record_id IS NOT NULL;
