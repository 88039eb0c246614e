-- Shared by Microsoft.Orleans.Clustering.AdoNet, .Persistence.AdoNet and .Reminders.AdoNet.
-- None of the three providers carries SQL of its own: at start-up each one runs
-- "SELECT QueryKey, QueryText FROM OrleansQuery" and from then on executes the text stored under each
-- key, with @Name parameters. Keeping the SQL here means a fix to a query is a migration, not a release.
-- The provider spells the names in mixed case without quotes, so PostgreSQL folds them to the lower-case
-- names below; QueryText is read back as a .NET string, hence text.
CREATE TABLE IF NOT EXISTS orleansquery
(
    querykey  varchar(64) NOT NULL,
    querytext text        NOT NULL,
    CONSTRAINT pk_orleansquery PRIMARY KEY (querykey)
);
