-- Grain state for Microsoft.Orleans.Persistence.AdoNet (every AddAdoNetGrainStorage provider, PubSubStore
-- included; providers sharing a database share this table, told apart by grain type and service id).
--
-- "version" is the grain state's ETag. A write names the version it read (NULL = "I saw no record") and
-- succeeds only if that is still what is stored; it then returns the new version. Anything else returns
-- no row, which the provider turns into InconsistentStateException. The provider also treats a returned
-- version equal to the one it sent, or a NULL, as a conflict, so never return either on success, and
-- never return a made-up number (such as 0) on failure: that would be taken as success.
--
-- A grain is identified by hashes (for the index) plus its full natural key, because hashes collide. The
-- key extension is NULL for grains without one and must stay distinct from an empty string, hence a
-- unique index with NULLS NOT DISTINCT (PostgreSQL 15+) rather than a primary key. That index is also
-- what makes two concurrent first writes safe: exactly one insert wins, the other finds the row taken.
-- Orleans 7+ stores state only as bytes (PayloadBinary); the old JSON/XML columns are not kept.
CREATE TABLE IF NOT EXISTS orleansstorage
(
    grainidhash            integer      NOT NULL,
    grainidn0              bigint       NOT NULL,
    grainidn1              bigint       NOT NULL,
    graintypehash          integer      NOT NULL,
    graintypestring        varchar(512) NOT NULL,
    grainidextensionstring varchar(512) NULL,
    serviceid              varchar(150) NOT NULL,
    payloadbinary          bytea        NULL,
    modifiedon             timestamptz  NOT NULL DEFAULT now(),
    version                integer      NOT NULL
);

CREATE UNIQUE INDEX IF NOT EXISTS ux_orleansstorage_grain
    ON orleansstorage (grainidhash, graintypehash, grainidn0, grainidn1, serviceid, graintypestring,
                       grainidextensionstring)
    NULLS NOT DISTINCT;

-- Every query receives the same seven key parameters; the key match is spelled out in each one so the
-- stored text can be read on its own.
-- WriteToStorageKey does the update and the first insert in one statement; they exclude each other by
-- whether @GrainStateVersion is NULL. Two writers with the same version: the second one's UPDATE waits
-- for the first, re-reads the row, finds the version moved and updates nothing.
-- ClearStorageKey keeps the row (payload NULL) and bumps the version, so the ETag stays meaningful.
-- DeleteStorageKey (used with DeleteStateOnClear = true) removes the row; the provider then forgets the
-- ETag, and only needs some value other than the one it sent to know the delete happened.
INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', $sql$
SELECT payloadbinary, version
  FROM orleansstorage
 WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
   AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
   AND serviceid = @ServiceId AND graintypestring = @GrainTypeString
   AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString;
$sql$),

('WriteToStorageKey', $sql$
WITH updated AS (
    UPDATE orleansstorage
       SET payloadbinary = @PayloadBinary, version = version + 1, modifiedon = now()
     WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
       AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
       AND serviceid = @ServiceId AND graintypestring = @GrainTypeString
       AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
       AND version = @GrainStateVersion
    RETURNING version
), inserted AS (
    INSERT INTO orleansstorage
           (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring, grainidextensionstring,
            serviceid, payloadbinary, version)
    SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString, @GrainIdExtensionString,
           @ServiceId, @PayloadBinary, 1
     WHERE @GrainStateVersion IS NULL
    ON CONFLICT DO NOTHING
    RETURNING version
)
SELECT version AS newgrainstateversion FROM updated
UNION ALL
SELECT version FROM inserted;
$sql$),

('ClearStorageKey', $sql$
UPDATE orleansstorage
   SET payloadbinary = NULL, version = version + 1, modifiedon = now()
 WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
   AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
   AND serviceid = @ServiceId AND graintypestring = @GrainTypeString
   AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
   AND version = @GrainStateVersion
RETURNING version AS newgrainstateversion;
$sql$),

('DeleteStorageKey', $sql$
DELETE FROM orleansstorage
 WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
   AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
   AND serviceid = @ServiceId AND graintypestring = @GrainTypeString
   AND grainidextensionstring IS NOT DISTINCT FROM @GrainIdExtensionString
   AND version = @GrainStateVersion
RETURNING version::bigint + 1 AS newgrainstateversion;
$sql$)
ON CONFLICT (querykey) DO UPDATE
    SET querytext = EXCLUDED.querytext
    WHERE orleansquery.querytext IS DISTINCT FROM EXCLUDED.querytext;
