-- KPI projections (issue 22), in the analytics database. A projection (the live one, or a replay being compared
-- with it) applies the event store in sequence order; each step adds its figures and moves its position in one
-- transaction, so an event counts once. Days are days of Korea Standard Time.
CREATE TABLE IF NOT EXISTS oneday_kpi_position
(
    projection text   NOT NULL,
    position   bigint NOT NULL,
    CONSTRAINT pk_oneday_kpi_position PRIMARY KEY (projection)
);

-- One row per projection, day, job category and region (a one-degree square, "row:column"), and beside them the
-- day's sums over every region of a category, every category of a region, and everything ("*"): a query reads one
-- row per day whatever it filters on. The key leads with what a query fixes, then the day it ranges over.
CREATE TABLE IF NOT EXISTS oneday_kpi_daily
(
    projection     text     NOT NULL,
    day            date     NOT NULL,
    category       text     NOT NULL,
    region         text     NOT NULL,
    jobs_posted    bigint   NOT NULL,
    jobs_filled    bigint   NOT NULL,
    jobs_completed bigint   NOT NULL,
    jobs_cancelled bigint   NOT NULL,
    jobs_expired   bigint   NOT NULL,
    applications   bigint   NOT NULL,
    accepted       bigint   NOT NULL,
    shifts_worked  bigint   NOT NULL,
    no_shows       bigint   NOT NULL,
    settled_krw    bigint   NOT NULL,
    -- Jobs filled by minutes from posting, in the buckets of KpiFillTimes.Bounds.
    fill_minutes   bigint[] NOT NULL,
    CONSTRAINT pk_oneday_kpi_daily PRIMARY KEY (projection, category, region, day)
);

-- Who was active in a period (granularity 0: a day, 1: the ISO week starting that Monday), and how many.
CREATE TABLE IF NOT EXISTS oneday_kpi_active_users
(
    projection   text     NOT NULL,
    granularity  smallint NOT NULL,
    period_start date     NOT NULL,
    role         text     NOT NULL,
    user_id      uuid     NOT NULL,
    CONSTRAINT pk_oneday_kpi_active_users PRIMARY KEY (projection, granularity, period_start, role, user_id)
);

CREATE TABLE IF NOT EXISTS oneday_kpi_active_counts
(
    projection   text     NOT NULL,
    granularity  smallint NOT NULL,
    period_start date     NOT NULL,
    role         text     NOT NULL,
    users        bigint   NOT NULL,
    CONSTRAINT pk_oneday_kpi_active_counts PRIMARY KEY (projection, granularity, period_start, role)
);

CREATE TABLE IF NOT EXISTS oneday_kpi_employers
(
    projection    text   NOT NULL,
    employer_id   uuid   NOT NULL,
    jobs_posted   bigint NOT NULL,
    applications  bigint NOT NULL,
    accepted      bigint NOT NULL,
    shifts_worked bigint NOT NULL,
    no_shows      bigint NOT NULL,
    spent_krw     bigint NOT NULL,
    CONSTRAINT pk_oneday_kpi_employers PRIMARY KEY (projection, employer_id)
);
