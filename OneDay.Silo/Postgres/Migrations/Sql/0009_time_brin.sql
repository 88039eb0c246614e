-- Audit entries and events are appended in about the order they happen, so a BRIN index (one small summary
-- per range of table pages) narrows a time filter as well as a B-tree did here, while an append costs next to
-- nothing: the B-trees were a full index insertion per entry and per event, on the write path of every
-- request, for filters only operators' queries use. autosummarize keeps new ranges summarised; a range not
-- summarised yet is simply always read.
CREATE INDEX IF NOT EXISTS brin_oneday_audit_log_time ON oneday_audit_log USING brin (occurred_at) WITH (autosummarize = on);
DROP INDEX IF EXISTS ix_oneday_audit_log_time;

CREATE INDEX IF NOT EXISTS brin_oneday_event_store_occurred ON oneday_event_store USING brin (occurred_at) WITH (autosummarize = on);
DROP INDEX IF EXISTS ix_oneday_event_store_occurred;
