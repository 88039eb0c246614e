-- Readers page the event store by sequence and resume after the last one they saw. Two silos appending at
-- once could commit out of sequence order: a batch holding sequence 100 still open while one holding 101
-- commits, and a reader that saw 101 would never go back for 100. Every INSERT now takes one transaction-
-- level advisory lock before it draws a sequence, so batches draw and commit strictly one after another and
-- no row can appear behind a reader's cursor. It costs one lock per batch (each silo writes its appends in
-- batches, one at a time) and orders only the writers of this table.
CREATE OR REPLACE FUNCTION oneday_event_store_commit_in_order() RETURNS trigger AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('oneday_event_store.sequence'));
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS oneday_event_store_in_order ON oneday_event_store;
CREATE TRIGGER oneday_event_store_in_order
    BEFORE INSERT ON oneday_event_store
    FOR EACH STATEMENT EXECUTE FUNCTION oneday_event_store_commit_in_order();
