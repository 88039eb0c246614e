-- Grain state for Microsoft.Orleans.Persistence.AdoNet. "version" is the ETag: a write names the version
-- it read and succeeds only if that is still the stored one, so a stale writer can never overwrite.
-- The key is a real primary key (not just an index) so two first writes cannot both insert.
CREATE TABLE IF NOT EXISTS orleansstorage
(
    grainidhash            integer       NOT NULL,
    grainidn0              bigint        NOT NULL,
    grainidn1              bigint        NOT NULL,
    graintypehash          integer       NOT NULL,
    graintypestring        varchar(512)  NOT NULL,
    grainidextensionstring varchar(512)  NOT NULL DEFAULT '',
    serviceid              varchar(150)  NOT NULL,
    payloadbinary          bytea         NULL,
    payloadxml             xml           NULL,
    payloadjson            text          NULL,
    modifiedon             timestamptz   NOT NULL DEFAULT now(),
    version                integer       NOT NULL,
    CONSTRAINT pk_orleansstorage PRIMARY KEY
        (grainidhash, graintypehash, grainidn0, grainidn1, serviceid, graintypestring, grainidextensionstring)
);

-- A missing extension is stored as '' so it can be part of the key; callers still send NULL for it.
-- Orleans 7+ serializes state to bytes (PayloadBinary); the json/xml columns stay for the read contract.
INSERT INTO orleansquery (querykey, querytext) VALUES
('ReadFromStorageKey', '
    SELECT payloadbinary, payloadxml, payloadjson, now() AT TIME ZONE ''utc'', version
      FROM orleansstorage
     WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
       AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
       AND serviceid = @ServiceId AND graintypestring = @GrainTypeString
       AND grainidextensionstring = COALESCE(@GrainIdExtensionString::varchar, '''');
'),
('WriteToStorageKey', '
    WITH updated AS (
        UPDATE orleansstorage
           SET payloadbinary = @PayloadBinary::bytea, modifiedon = now(), version = version + 1
         WHERE @GrainStateVersion::integer IS NOT NULL
           AND grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
           AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
           AND serviceid = @ServiceId AND graintypestring = @GrainTypeString
           AND grainidextensionstring = COALESCE(@GrainIdExtensionString::varchar, '''')
           AND version = @GrainStateVersion::integer
        RETURNING version),
    inserted AS (
        INSERT INTO orleansstorage (grainidhash, grainidn0, grainidn1, graintypehash, graintypestring,
                                    grainidextensionstring, serviceid, payloadbinary, version)
        SELECT @GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
               COALESCE(@GrainIdExtensionString::varchar, ''''), @ServiceId,
               @PayloadBinary::bytea, 1
         WHERE @GrainStateVersion::integer IS NULL
        ON CONFLICT ON CONSTRAINT pk_orleansstorage DO NOTHING
        RETURNING version)
    -- Returning the version the caller sent means "nothing written": the provider raises
    -- InconsistentStateException for it.
    SELECT COALESCE((SELECT version FROM updated), (SELECT version FROM inserted), @GrainStateVersion::integer)
           AS newgrainstateversion;
'),
('ClearStorageKey', '
    UPDATE orleansstorage
       SET payloadbinary = NULL, payloadjson = NULL, payloadxml = NULL, modifiedon = now(), version = version + 1
     WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
       AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
       AND serviceid = @ServiceId AND graintypestring = @GrainTypeString
       AND grainidextensionstring = COALESCE(@GrainIdExtensionString::varchar, '''')
       AND version = @GrainStateVersion::integer
    RETURNING version AS newgrainstateversion;
'),
('DeleteStorageKey', '
    DELETE FROM orleansstorage
     WHERE grainidhash = @GrainIdHash AND graintypehash = @GrainTypeHash
       AND grainidn0 = @GrainIdN0 AND grainidn1 = @GrainIdN1
       AND serviceid = @ServiceId AND graintypestring = @GrainTypeString
       AND grainidextensionstring = COALESCE(@GrainIdExtensionString::varchar, '''')
       AND version = @GrainStateVersion::integer
    RETURNING version + 1 AS newgrainstateversion;
')
ON CONFLICT (querykey) DO UPDATE SET querytext = EXCLUDED.querytext;
