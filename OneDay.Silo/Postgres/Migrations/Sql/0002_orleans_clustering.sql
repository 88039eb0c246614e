-- Cluster membership for Microsoft.Orleans.Clustering.AdoNet: silos (insert, update, heartbeat, clean-up)
-- and clients, which only ask for the live gateways.
--
-- Orleans' membership protocol is optimistic: a silo reads the whole table together with one version
-- number per cluster, decides on a change, and writes it naming the version it read. The write must
-- succeed only if nobody else changed membership in between, and a successful write moves the version
-- on by exactly one (the provider expects TableVersion.Next()). The version row is therefore the lock
-- every membership writer of a cluster goes through.

CREATE TABLE IF NOT EXISTS orleansmembershipversiontable
(
    deploymentid varchar(150) NOT NULL,
    timestamp    timestamptz  NOT NULL DEFAULT now(),
    version      integer      NOT NULL DEFAULT 0,
    CONSTRAINT pk_orleansmembershipversiontable PRIMARY KEY (deploymentid)
);

-- Status is Orleans' SiloStatus as a number (3 = Active, 6 = Dead). The provider reads ProxyPort as a
-- plain int, so it is never NULL: 0 means the silo runs no gateway. SuspectTimes is the provider's own
-- "silo,date|silo,date" text; we store it as given.
CREATE TABLE IF NOT EXISTS orleansmembershiptable
(
    deploymentid varchar(150) NOT NULL,
    address      varchar(45)  NOT NULL,
    port         integer      NOT NULL,
    generation   integer      NOT NULL,
    siloname     text         NOT NULL,
    hostname     text         NOT NULL,
    status       integer      NOT NULL,
    proxyport    integer      NOT NULL DEFAULT 0,
    suspecttimes text         NULL,
    starttime    timestamptz  NOT NULL,
    iamalivetime timestamptz  NOT NULL,
    CONSTRAINT pk_orleansmembershiptable PRIMARY KEY (deploymentid, address, port, generation),
    -- Silo rows never outlive their cluster's version row; deleting a cluster is one DELETE.
    CONSTRAINT fk_orleansmembershiptable_cluster FOREIGN KEY (deploymentid)
        REFERENCES orleansmembershipversiontable (deploymentid) ON DELETE CASCADE
);

-- The two version-checked writes are functions because they are "check, change a row, then bump" with an
-- early way out at each step, which a single statement cannot say clearly. Both lock the version row
-- first (FOR UPDATE re-checks the version after waiting for a concurrent writer), so two silos racing
-- with the same version are serialised and the loser sees the moved version and returns false. Nothing
-- is written before every check has passed, so a false result has changed nothing.
CREATE OR REPLACE FUNCTION oneday_membership_insert(
    p_deployment_id    text,
    p_address          text,
    p_port             integer,
    p_generation       integer,
    p_silo_name        text,
    p_host_name        text,
    p_status           integer,
    p_proxy_port       integer,
    p_start_time       timestamptz,
    p_i_am_alive_time  timestamptz,
    p_expected_version integer)
RETURNS boolean
LANGUAGE plpgsql
AS $fn$
BEGIN
    PERFORM 1
       FROM orleansmembershipversiontable
      WHERE deploymentid = p_deployment_id AND version = p_expected_version
        FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;  -- membership moved on since the caller read it
    END IF;

    INSERT INTO orleansmembershiptable
           (deploymentid, address, port, generation, siloname, hostname, status, proxyport,
            starttime, iamalivetime)
    VALUES (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status,
            p_proxy_port, p_start_time, p_i_am_alive_time)
    ON CONFLICT ON CONSTRAINT pk_orleansmembershiptable DO NOTHING;
    IF NOT FOUND THEN
        RETURN false;  -- this silo incarnation is already registered
    END IF;

    UPDATE orleansmembershipversiontable
       SET version = version + 1, timestamp = now()
     WHERE deploymentid = p_deployment_id;
    RETURN true;
END
$fn$;

CREATE OR REPLACE FUNCTION oneday_membership_update(
    p_deployment_id    text,
    p_address          text,
    p_port             integer,
    p_generation       integer,
    p_status           integer,
    p_suspect_times    text,
    p_i_am_alive_time  timestamptz,
    p_expected_version integer)
RETURNS boolean
LANGUAGE plpgsql
AS $fn$
BEGIN
    PERFORM 1
       FROM orleansmembershipversiontable
      WHERE deploymentid = p_deployment_id AND version = p_expected_version
        FOR UPDATE;
    IF NOT FOUND THEN
        RETURN false;
    END IF;

    -- The caller's alive time may be older than a heartbeat written since it read the row; never go back.
    UPDATE orleansmembershiptable
       SET status = p_status,
           suspecttimes = p_suspect_times,
           iamalivetime = GREATEST(iamalivetime, p_i_am_alive_time)
     WHERE deploymentid = p_deployment_id
       AND address = p_address AND port = p_port AND generation = p_generation;
    IF NOT FOUND THEN
        RETURN false;  -- no such silo row (e.g. already cleaned up)
    END IF;

    UPDATE orleansmembershipversiontable
       SET version = version + 1, timestamp = now()
     WHERE deploymentid = p_deployment_id;
    RETURN true;
END
$fn$;

-- Result columns are matched by name, case-insensitively. Rows returned by the read queries come from the
-- version row LEFT JOIN the silo rows: a cluster with no silos still yields one row carrying the version
-- (StartTime NULL tells the provider "no entry"), and the provider fails on an empty result.
-- Heartbeats and clean-up do not take part in the version protocol, exactly as the provider expects.
INSERT INTO orleansquery (querykey, querytext) VALUES
('InsertMembershipVersionKey', $sql$
WITH created AS (
    INSERT INTO orleansmembershipversiontable (deploymentid)
    VALUES (@DeploymentId)
    ON CONFLICT (deploymentid) DO NOTHING
    RETURNING 1
)
SELECT EXISTS (SELECT 1 FROM created) AS created;
$sql$),

('InsertMembershipKey', $sql$
SELECT oneday_membership_insert(
    p_deployment_id    => @DeploymentId,
    p_address          => @Address,
    p_port             => @Port,
    p_generation       => @Generation,
    p_silo_name        => @SiloName,
    p_host_name        => @HostName,
    p_status           => @Status,
    p_proxy_port       => @ProxyPort,
    p_start_time       => @StartTime,
    p_i_am_alive_time  => @IAmAliveTime,
    p_expected_version => @Version) AS inserted;
$sql$),

('UpdateMembershipKey', $sql$
SELECT oneday_membership_update(
    p_deployment_id    => @DeploymentId,
    p_address          => @Address,
    p_port             => @Port,
    p_generation       => @Generation,
    p_status           => @Status,
    p_suspect_times    => @SuspectTimes,
    p_i_am_alive_time  => @IAmAliveTime,
    p_expected_version => @Version) AS updated;
$sql$),

('UpdateIAmAlivetimeKey', $sql$
UPDATE orleansmembershiptable
   SET iamalivetime = GREATEST(iamalivetime, @IAmAliveTime)
 WHERE deploymentid = @DeploymentId
   AND address = @Address AND port = @Port AND generation = @Generation;
$sql$),

('MembershipReadRowKey', $sql$
SELECT m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
       m.suspecttimes, m.starttime, m.iamalivetime, v.version
  FROM orleansmembershipversiontable AS v
  LEFT JOIN orleansmembershiptable AS m
         ON m.deploymentid = v.deploymentid
        AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
 WHERE v.deploymentid = @DeploymentId;
$sql$),

('MembershipReadAllKey', $sql$
SELECT m.address, m.port, m.generation, m.siloname, m.hostname, m.status, m.proxyport,
       m.suspecttimes, m.starttime, m.iamalivetime, v.version
  FROM orleansmembershipversiontable AS v
  LEFT JOIN orleansmembershiptable AS m ON m.deploymentid = v.deploymentid
 WHERE v.deploymentid = @DeploymentId
 ORDER BY m.port, m.generation;
$sql$),

('GatewaysQueryKey', $sql$
SELECT address, proxyport, generation
  FROM orleansmembershiptable
 WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0;
$sql$),

('DeleteMembershipTableEntriesKey', $sql$
DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId;
$sql$),

-- Required by the provider, but only used when the per-silo query below is missing: removes Dead silos
-- that stopped heart-beating and started before the cut-off and carry no suspicion votes.
('CleanupDefunctSiloEntriesKey', $sql$
DELETE FROM orleansmembershiptable
 WHERE deploymentid = @DeploymentId
   AND status = 6
   AND iamalivetime < @IAmAliveTime
   AND starttime < @IAmAliveTime
   AND COALESCE(suspecttimes, '') = '';
$sql$),

-- Preferred by the provider: it reads the table, picks the defunct Dead silos itself, then deletes each
-- one only if the row is still exactly what it read, so a row that changed in between survives.
('CleanupDefunctSiloEntryKey', $sql$
DELETE FROM orleansmembershiptable
 WHERE deploymentid = @DeploymentId
   AND address = @Address AND port = @Port AND generation = @Generation
   AND status = 6
   AND starttime = @StartTime
   AND iamalivetime = @IAmAliveTime
   AND COALESCE(suspecttimes, '') = COALESCE(@SuspectTimes, '');
$sql$)
ON CONFLICT (querykey) DO UPDATE
    SET querytext = EXCLUDED.querytext
    WHERE orleansquery.querytext IS DISTINCT FROM EXCLUDED.querytext;
