-- Table for the raw pgbench upsert baseline (bench/pgbench/upsert.sql), pre-filled so the measured
-- upserts are mostly updates of existing rows, like grain state writes. :keys is passed by the bench runner.
DROP TABLE IF EXISTS bench_upsert;
CREATE TABLE bench_upsert (id integer PRIMARY KEY, payload text NOT NULL, version integer NOT NULL);
INSERT INTO bench_upsert (id, payload, version) SELECT g, 'seed', 1 FROM generate_series(1, :keys) AS g;
VACUUM ANALYZE bench_upsert;
