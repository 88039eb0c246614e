-- The Orleans ADO.NET providers load their SQL by key from this table at start-up, so the statements
-- below can evolve with our schema without a code change.
CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64)   NOT NULL,
    querytext varchar(8000) NOT NULL,
    CONSTRAINT pk_orleansquery PRIMARY KEY (querykey)
);
