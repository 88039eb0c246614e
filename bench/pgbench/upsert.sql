\set id random(1, 100000)
INSERT INTO bench_upsert (id, payload, version) VALUES (:id, 'x', 1)
ON CONFLICT (id) DO UPDATE SET payload = EXCLUDED.payload, version = bench_upsert.version + 1;
