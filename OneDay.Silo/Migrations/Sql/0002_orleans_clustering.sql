-- Membership for Microsoft.Orleans.Clustering.AdoNet (silos and gateway discovery).
-- The version row is the cluster's optimistic-concurrency token: every membership change must bump it
-- from the version the writer read, or change nothing at all.
CREATE TABLE IF NOT EXISTS orleansmembershipversiontable
(
    deploymentid varchar(150)   NOT NULL,
    timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    version      integer        NOT NULL DEFAULT 0,
    CONSTRAINT pk_orleansmembershipversiontable PRIMARY KEY (deploymentid)
);

CREATE TABLE IF NOT EXISTS orleansmembershiptable
(
    deploymentid varchar(150)   NOT NULL,
    address      varchar(45)    NOT NULL,
    port         integer        NOT NULL,
    generation   integer        NOT NULL,
    siloname     varchar(150)   NOT NULL,
    hostname     varchar(150)   NOT NULL,
    status       integer        NOT NULL,
    proxyport    integer        NULL,
    suspecttimes varchar(8000)  NULL,
    starttime    timestamptz(3) NOT NULL,
    iamalivetime timestamptz(3) NOT NULL,
    CONSTRAINT pk_orleansmembershiptable PRIMARY KEY (deploymentid, address, port, generation),
    CONSTRAINT fk_orleansmembershiptable_version FOREIGN KEY (deploymentid)
        REFERENCES orleansmembershipversiontable (deploymentid)
);

-- Insert a silo row and bump the version in one step; if either part does not happen, neither does.
CREATE OR REPLACE FUNCTION oneday_membership_insert(
    p_deployment text, p_address text, p_port integer, p_generation integer, p_silo_name text,
    p_host_name text, p_status integer, p_proxy_port integer, p_start timestamptz, p_alive timestamptz,
    p_version integer)
RETURNS integer LANGUAGE plpgsql AS $body$
DECLARE
    inserted integer;
    bumped integer;
BEGIN
    INSERT INTO orleansmembershiptable
        (deploymentid, address, port, generation, siloname, hostname, status, proxyport, starttime, iamalivetime)
    VALUES
        (p_deployment, p_address, p_port, p_generation, p_silo_name, p_host_name, p_status, p_proxy_port, p_start, p_alive)
    ON CONFLICT ON CONSTRAINT pk_orleansmembershiptable DO NOTHING;
    GET DIAGNOSTICS inserted = ROW_COUNT;
    IF inserted = 0 THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershipversiontable
       SET version = version + 1, timestamp = now()
     WHERE deploymentid = p_deployment AND version = p_version;
    GET DIAGNOSTICS bumped = ROW_COUNT;
    IF bumped = 0 THEN
        -- Someone changed membership since this silo read it: undo the insert so it can retry.
        DELETE FROM orleansmembershiptable
         WHERE deploymentid = p_deployment AND address = p_address AND port = p_port AND generation = p_generation;
        RETURN 0;
    END IF;
    RETURN 1;
END
$body$;

-- Update a silo row and bump the version in one step; a stale version changes nothing.
CREATE OR REPLACE FUNCTION oneday_membership_update(
    p_deployment text, p_address text, p_port integer, p_generation integer, p_status integer,
    p_suspect_times text, p_alive timestamptz, p_version integer)
RETURNS integer LANGUAGE plpgsql AS $body$
DECLARE
    bumped integer;
    updated integer;
BEGIN
    UPDATE orleansmembershipversiontable
       SET version = version + 1, timestamp = now()
     WHERE deploymentid = p_deployment AND version = p_version;
    GET DIAGNOSTICS bumped = ROW_COUNT;
    IF bumped = 0 THEN
        RETURN 0;
    END IF;

    UPDATE orleansmembershiptable
       SET status = p_status, suspecttimes = p_suspect_times, iamalivetime = p_alive
     WHERE deploymentid = p_deployment AND address = p_address AND port = p_port AND generation = p_generation;
    GET DIAGNOSTICS updated = ROW_COUNT;
    IF updated = 0 THEN
        -- No such row: put the version back so the cluster's token does not move for nothing.
        UPDATE orleansmembershipversiontable SET version = version - 1 WHERE deploymentid = p_deployment;
        RETURN 0;
    END IF;
    RETURN 1;
END
$body$;

INSERT INTO orleansquery (querykey, querytext) VALUES
('UpdateIAmAlivetimeKey', '
    UPDATE orleansmembershiptable SET iamalivetime = @IAmAliveTime
     WHERE deploymentid = @DeploymentId AND address = @Address AND port = @Port AND generation = @Generation;
'),
('InsertMembershipVersionKey', '
    WITH created AS (
        INSERT INTO orleansmembershipversiontable (deploymentid) VALUES (@DeploymentId)
        ON CONFLICT (deploymentid) DO NOTHING
        RETURNING 1)
    SELECT count(*)::integer FROM created;
'),
('InsertMembershipKey', '
    SELECT oneday_membership_insert(@DeploymentId, @Address, @Port::integer, @Generation::integer, @SiloName,
        @HostName, @Status::integer, @ProxyPort::integer, @StartTime, @IAmAliveTime, @Version::integer);
'),
('UpdateMembershipKey', '
    SELECT oneday_membership_update(@DeploymentId, @Address, @Port::integer, @Generation::integer,
        @Status::integer, @SuspectTimes, @IAmAliveTime, @Version::integer);
'),
('MembershipReadRowKey', '
    SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status,
           m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime, v.version
      FROM orleansmembershipversiontable v
      LEFT JOIN orleansmembershiptable m
        ON m.deploymentid = v.deploymentid
       AND m.address = @Address AND m.port = @Port AND m.generation = @Generation
     WHERE v.deploymentid = @DeploymentId;
'),
('MembershipReadAllKey', '
    SELECT v.deploymentid, m.address, m.port, m.generation, m.siloname, m.hostname, m.status,
           m.proxyport, m.suspecttimes, m.starttime, m.iamalivetime, v.version
      FROM orleansmembershipversiontable v
      LEFT JOIN orleansmembershiptable m ON m.deploymentid = v.deploymentid
     WHERE v.deploymentid = @DeploymentId;
'),
('DeleteMembershipTableEntriesKey', '
    DELETE FROM orleansmembershiptable WHERE deploymentid = @DeploymentId;
    DELETE FROM orleansmembershipversiontable WHERE deploymentid = @DeploymentId;
'),
('GatewaysQueryKey', '
    SELECT address, proxyport, generation
      FROM orleansmembershiptable
     WHERE deploymentid = @DeploymentId AND status = @Status AND proxyport > 0;
'),
('CleanupDefunctSiloEntriesKey', '
    DELETE FROM orleansmembershiptable
     WHERE deploymentid = @DeploymentId AND status = 6
       AND iamalivetime < @IAmAliveTime AND starttime < @IAmAliveTime;
'),
('CleanupDefunctSiloEntryKey', '
    DELETE FROM orleansmembershiptable
     WHERE deploymentid = @DeploymentId AND status = 6
       AND address = @Address AND port = @Port AND generation = @Generation
       AND iamalivetime = @IAmAliveTime AND starttime = @StartTime
       AND suspecttimes IS NOT DISTINCT FROM @SuspectTimes::varchar;
')
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
