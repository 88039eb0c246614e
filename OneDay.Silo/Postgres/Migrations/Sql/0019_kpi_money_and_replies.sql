-- KPI figures for money held, earned and paid out, and employers' first replies in chat (issue 22). Rows written
-- before these columns have none of them; the projection that reads these figures has a new name
-- (KpiProjections.Live) and is built from the event store's start, and the previous one's rows are dropped.
ALTER TABLE oneday_kpi_daily
    ADD COLUMN IF NOT EXISTS escrowed_krw  bigint   NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS revenue_krw   bigint   NOT NULL DEFAULT 0,
    ADD COLUMN IF NOT EXISTS paid_out_krw  bigint   NOT NULL DEFAULT 0,
    -- First replies by minutes from the applicant's first message, in the buckets of KpiDurations.Bounds.
    ADD COLUMN IF NOT EXISTS reply_minutes bigint[] NOT NULL DEFAULT '{}';
