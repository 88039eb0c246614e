-- The worker read model of matching (issue 21), one row per worker with a matching profile, in the matching
-- database: the geo cell of their home, the entry's version and the entry (Orleans-serialized WorkerIndexEntry).
-- A cell grain reads its rows when it activates and writes one row per change, so a crowded cell is never rewritten
-- whole. A removed worker keeps their row with a null entry and its version, so an older, late upsert is refused.
CREATE TABLE IF NOT EXISTS oneday_worker_index
(
    worker_id uuid    NOT NULL,
    cell      text    NOT NULL,
    version   bigint  NOT NULL,
    entry     bytea   NULL,
    CONSTRAINT pk_oneday_worker_index PRIMARY KEY (worker_id)
);

CREATE INDEX IF NOT EXISTS ix_oneday_worker_index_cell ON oneday_worker_index (cell) WHERE entry IS NOT NULL;
