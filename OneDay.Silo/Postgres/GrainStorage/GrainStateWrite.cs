namespace OneDay.Silo.Postgres.GrainStorage;

/// <summary>
/// One queued change of one grain state of a provider: new contents, or none for a clear. The batch it
/// goes in reports back through <see cref="StoredVersion"/>, so a version conflict fails only its caller.
/// </summary>
internal sealed class GrainStateWrite(string stateName, string grainId, long? expectedVersion, byte[]? payload)
{
    public string StateName { get; } = stateName;

    /// <summary>The full grain id ("type/key").</summary>
    public string GrainId { get; } = grainId;

    /// <summary>The version the grain read (its ETag), or null when it saw no row and expects to create it.</summary>
    public long? ExpectedVersion { get; } = expectedVersion;

    /// <summary>Serialized state, or null to clear it (the row stays, so versions keep counting up).</summary>
    public byte[]? Payload { get; } = payload;

    /// <summary>
    /// Set once the batch holding this write committed: the version now stored, or null when the stored
    /// version was not <see cref="ExpectedVersion"/> and nothing was changed.
    /// </summary>
    public long? StoredVersion { get; set; }

    public long NextVersion => (ExpectedVersion ?? 0) + 1;

    public (string StateName, string GrainId) Key => (StateName, GrainId);
}
