-- Durable reminders for Microsoft.Orleans.Reminders.AdoNet.
--
-- Each silo owns a slice of the consistent-hash ring and loads the reminders whose grainhash falls in it.
-- The provider passes the uint ring hashes cast to int, and picks the query by comparing them as ints:
-- ReadRangeRows1Key when BeginHash < EndHash (one contiguous (begin, end] range), otherwise
-- ReadRangeRows2Key, whose range wraps around (and, for begin = end, covers the whole ring).
-- version is the reminder's ETag: an upsert always succeeds and returns the new version; a delete names
-- the version it read and removes nothing if the reminder was changed since. Period is milliseconds.
CREATE TABLE IF NOT EXISTS orleansreminderstable
(
    serviceid    varchar(150) NOT NULL,
    grainid      varchar(512) NOT NULL,
    remindername varchar(150) NOT NULL,
    starttime    timestamptz  NOT NULL,
    period       bigint       NOT NULL,
    grainhash    integer      NOT NULL,
    version      integer      NOT NULL,
    CONSTRAINT pk_orleansreminderstable PRIMARY KEY (serviceid, grainid, remindername)
);

CREATE INDEX IF NOT EXISTS ix_orleansreminderstable_ring ON orleansreminderstable (serviceid, grainhash);

-- Read queries return GrainId, ReminderName, StartTime, Period and Version (matched by name).
-- UpsertReminderRowKey must return exactly one row with Version; DeleteReminderRowKey exactly one row with
-- a single boolean column.
INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadReminderRowsKey', $sql$
SELECT grainid, remindername, starttime, period, version
  FROM orleansreminderstable
 WHERE serviceid = @ServiceId AND grainid = @GrainId;
$sql$),

('ReadReminderRowKey', $sql$
SELECT grainid, remindername, starttime, period, version
  FROM orleansreminderstable
 WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName;
$sql$),

('ReadRangeRows1Key', $sql$
SELECT grainid, remindername, starttime, period, version
  FROM orleansreminderstable
 WHERE serviceid = @ServiceId
   AND grainhash > @BeginHash AND grainhash <= @EndHash;
$sql$),

('ReadRangeRows2Key', $sql$
SELECT grainid, remindername, starttime, period, version
  FROM orleansreminderstable
 WHERE serviceid = @ServiceId
   AND (grainhash > @BeginHash OR grainhash <= @EndHash);
$sql$),

('UpsertReminderRowKey', $sql$
INSERT INTO orleansreminderstable AS r
       (serviceid, grainid, remindername, starttime, period, grainhash, version)
VALUES (@ServiceId, @GrainId, @ReminderName, @StartTime, @Period, @GrainHash, 0)
ON CONFLICT ON CONSTRAINT pk_orleansreminderstable DO UPDATE
   SET starttime = EXCLUDED.starttime,
       period    = EXCLUDED.period,
       grainhash = EXCLUDED.grainhash,
       version   = r.version + 1
RETURNING version;
$sql$),

('DeleteReminderRowKey', $sql$
WITH removed AS (
    DELETE FROM orleansreminderstable
     WHERE serviceid = @ServiceId AND grainid = @GrainId AND remindername = @ReminderName
       AND version = @Version
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM removed) AS removed;
$sql$),

('DeleteReminderRowsKey', $sql$
DELETE FROM orleansreminderstable WHERE serviceid = @ServiceId;
$sql$)
ON CONFLICT (querykey) DO UPDATE
    SET querytext = EXCLUDED.querytext
    WHERE orleansquery.querytext IS DISTINCT FROM EXCLUDED.querytext;
