-- Most audited actions are a user's own (signing in, editing the profile, exporting): actor and subject are
-- the same id, and the subject index already finds those entries. The actor index now holds only entries
-- about someone else (an admin granting a role), so a self-service action costs one B-tree insertion fewer.
-- The store's user filter reads "subject is the user, or the actor is and is not also the subject", which
-- selects the same rows as "actor or subject is the user" and matches this index's predicate.
CREATE INDEX IF NOT EXISTS ix_oneday_audit_log_actor_other ON oneday_audit_log (actor_id, seq)
    WHERE actor_id IS DISTINCT FROM subject_id;
DROP INDEX IF EXISTS ix_oneday_audit_log_actor;
