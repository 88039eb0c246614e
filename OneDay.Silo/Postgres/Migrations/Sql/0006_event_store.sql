-- The append-only store of every domain event (issue 4). Fed by the analytics domain's implicit stream
-- subscriber; the stream delivers at least once, so the unique event_id makes a redelivery a no-op
-- (INSERT ... ON CONFLICT (event_id) DO NOTHING). sequence orders the store and is the paging cursor of
-- GET /api/analytics/events. Rows are never updated or deleted: the trigger refuses both.
CREATE TABLE IF NOT EXISTS oneday_event_store
(
    sequence       bigint GENERATED ALWAYS AS IDENTITY,
    event_id       uuid         NOT NULL,
    type           varchar(200) NOT NULL,
    version        integer      NOT NULL,
    occurred_at    timestamptz  NOT NULL,
    aggregate_id   varchar(200) NOT NULL,
    correlation_id varchar(200),
    causation_id   varchar(200),
    payload        jsonb        NOT NULL,
    recorded_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT pk_oneday_event_store PRIMARY KEY (sequence),
    CONSTRAINT uq_oneday_event_store_event_id UNIQUE (event_id)
);

CREATE INDEX IF NOT EXISTS ix_oneday_event_store_aggregate ON oneday_event_store (aggregate_id, sequence);
CREATE INDEX IF NOT EXISTS ix_oneday_event_store_type ON oneday_event_store (type, sequence);
CREATE INDEX IF NOT EXISTS ix_oneday_event_store_occurred ON oneday_event_store (occurred_at);

CREATE OR REPLACE FUNCTION oneday_event_store_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'oneday_event_store is append-only';
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER IF EXISTS oneday_event_store_no_change ON oneday_event_store;
CREATE TRIGGER oneday_event_store_no_change
    BEFORE UPDATE OR DELETE ON oneday_event_store
    FOR EACH ROW EXECUTE FUNCTION oneday_event_store_append_only();
