-- The security audit log: append-only and hash-chained. Each row's hash covers its fields and the hash of
-- the row before it, so GET /api/security/audit/verify finds an edited, removed or re-ordered row.
-- The trigger below refuses UPDATE and DELETE from the application's own role; it is a guard rail, not
-- the proof: someone with the power to drop it is exactly who the hash chain is for.
CREATE TABLE IF NOT EXISTS oneday_audit_log
(
    seq           bigint      NOT NULL,
    action        text        NOT NULL,
    actor_id      uuid        NULL,
    subject_id    uuid        NULL,
    ip_address    text        NULL,
    details       text        NOT NULL,
    occurred_at   timestamptz NOT NULL,
    previous_hash char(64)    NOT NULL,
    hash          char(64)    NOT NULL,
    CONSTRAINT pk_oneday_audit_log PRIMARY KEY (seq)
);

-- Admin queries filter by user (as actor or subject) and time.
CREATE INDEX IF NOT EXISTS ix_oneday_audit_log_actor ON oneday_audit_log (actor_id, seq);
CREATE INDEX IF NOT EXISTS ix_oneday_audit_log_subject ON oneday_audit_log (subject_id, seq);
CREATE INDEX IF NOT EXISTS ix_oneday_audit_log_time ON oneday_audit_log (occurred_at);

CREATE OR REPLACE FUNCTION oneday_audit_log_append_only() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    RAISE EXCEPTION 'oneday_audit_log is append-only (% refused)', TG_OP;
END
$fn$;

DROP TRIGGER IF EXISTS oneday_audit_log_append_only ON oneday_audit_log;
CREATE TRIGGER oneday_audit_log_append_only
    BEFORE UPDATE OR DELETE ON oneday_audit_log
    FOR EACH ROW EXECUTE FUNCTION oneday_audit_log_append_only();
