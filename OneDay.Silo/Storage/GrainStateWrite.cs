namespace OneDay.Silo.Storage;

/// <summary>Where one grain state lives: the primary key of oneday_grain_state.</summary>
internal readonly record struct GrainStateKey(string ServiceId, string Provider, string StateName, string GrainId);

/// <summary>
/// One queued change of one grain state: new contents, or none for a clear. The batch it goes in
/// reports back through <see cref="StoredVersion"/>, so a version conflict fails only its own caller.
/// </summary>
internal sealed class GrainStateWrite(GrainStateKey key, long? expectedVersion, byte[]? payload)
{
    public GrainStateKey Key { get; } = key;

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
}
