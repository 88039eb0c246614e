-- Keyed sealing of the audit chain. From now on each entry's hash is an HMAC under a key only silos hold
-- (seal_version 1), so whoever can write this table can no longer re-hash it after an edit. Entries already
-- stored were hashed with plain SHA-256 and keep verifying by that rule (seal_version 0); the first keyed
-- entry links to the last of them, so they cannot be re-hashed either without breaking that link.
ALTER TABLE oneday_audit_log ADD COLUMN IF NOT EXISTS seal_version smallint NOT NULL DEFAULT 0;

-- A keyed chain alone does not show that its last entries were deleted. The head pins the chain's end: the
-- last sequence, its hash and where keyed sealing began, MAC'd under a second silo key, written in the same
-- statement as the entries. Verification reports a chain that ends before its head as truncated. The writer
-- of these tables can remove the row or put back an older copy of it; it cannot make a new one.
CREATE TABLE IF NOT EXISTS oneday_audit_head
(
    id         smallint NOT NULL,
    seq        bigint   NOT NULL,
    hash       char(64) NOT NULL,
    keyed_from bigint   NOT NULL,
    mac        char(64) NOT NULL,
    CONSTRAINT pk_oneday_audit_head PRIMARY KEY (id),
    CONSTRAINT ck_oneday_audit_head_single CHECK (id = 1)
);

-- Like the log's own trigger, a guard rail for the application's role: the head never moves back or goes away.
CREATE OR REPLACE FUNCTION oneday_audit_head_forward_only() RETURNS trigger
LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'DELETE' OR NEW.seq < OLD.seq THEN
        RAISE EXCEPTION 'oneday_audit_head only moves forward (% refused)', TG_OP;
    END IF;
    RETURN NEW;
END
$fn$;

DROP TRIGGER IF EXISTS oneday_audit_head_forward_only ON oneday_audit_head;
CREATE TRIGGER oneday_audit_head_forward_only
    BEFORE UPDATE OR DELETE ON oneday_audit_head
    FOR EACH ROW EXECUTE FUNCTION oneday_audit_head_forward_only();
