-- One single-row upsert per transaction (autocommit, so one WAL flush each with fsync on).
-- keys comes from `pgbench -D keys=N` (the bench runner passes BENCH_PG_KEYS, default 100000).
\set id random(1, :keys)
INSERT INTO bench_upsert (id, payload, version) VALUES (:id, 'payload-of-a-small-grain-state-record', 1)
ON CONFLICT (id) DO UPDATE SET payload = EXCLUDED.payload, version = bench_upsert.version + 1;
