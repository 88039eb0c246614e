namespace OneDay.Grains.Interfaces.Jobs;

/// <summary>What the search read model keeps about one open job; matching reads it too.</summary>
/// <param name="EmployerId">Empty in entries indexed before matching needed it, until the job is written again.</param>
/// <param name="RequiredSkills">Null in entries indexed before matching needed it.</param>
[GenerateSerializer, Immutable, Alias("oneday.jobs.search-entry")]
public sealed record JobSearchEntry(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] long Version,
    [property: Id(2)] string Title,
    [property: Id(3)] string Category,
    [property: Id(4)] double Latitude,
    [property: Id(5)] double Longitude,
    [property: Id(6)] string Address,
    [property: Id(7)] DateTimeOffset StartsAt,
    [property: Id(8)] DateTimeOffset EndsAt,
    [property: Id(9)] JobPay Pay,
    [property: Id(10)] long HourlyKrw,
    [property: Id(11)] int OpenSlots,
    [property: Id(12)] Guid EmployerId = default,
    [property: Id(13)] string[]? RequiredSkills = null);

/// <summary>
/// A cell's entries at one revision, grouped by <see cref="GeoGrid"/> block: block b holds
/// Entries[BlockStarts[b] .. BlockStarts[b + 1]). Immutable, so local callers share it without copying.
/// </summary>
[GenerateSerializer, Immutable, Alias("oneday.jobs.cell-snapshot")]
public sealed record CellSnapshot([property: Id(0)] long Revision, [property: Id(1)] JobSearchEntry[] Entries, [property: Id(2)] int[] BlockStarts)
{
    public static CellSnapshot Create(long revision, IEnumerable<JobSearchEntry> entries)
    {
        var sorted = entries.Select(e => (Block: GeoGrid.BlockOf(e.Latitude, e.Longitude), Entry: e))
            .OrderBy(e => e.Block).ThenByDescending(e => e.Entry.HourlyKrw).ThenBy(e => e.Entry.JobId).ToArray();
        var starts = new int[GeoGrid.BlocksPerCell + 1];
        foreach (var (block, _) in sorted)
        {
            starts[block + 1]++;
        }

        for (var b = 0; b < GeoGrid.BlocksPerCell; b++)
        {
            starts[b + 1] += starts[b];
        }

        return new CellSnapshot(revision, [.. sorted.Select(e => e.Entry)], starts);
    }

    public ReadOnlySpan<JobSearchEntry> Block(int block) => Entries.AsSpan(BlockStarts[block], BlockStarts[block + 1] - BlockStarts[block]);
}

/// <summary>One cell of the geo grid (key from <see cref="GeoGrid"/>): the open jobs located in it.</summary>
[Alias("oneday.jobs.IJobGeoCellGrain")]
public interface IJobGeoCellGrain : IGrainWithStringKey
{
    [Alias("upsert")]
    Task Upsert(JobSearchEntry entry);

    [Alias("remove")]
    Task Remove(Guid jobId, long version);

    [Alias("snapshot")]
    Task<CellSnapshot> Snapshot();
}

public enum JobSort
{
    Distance = 0,
    Pay = 1,
    Start = 2,
}

[GenerateSerializer, Immutable, Alias("oneday.jobs.search-query")]
public sealed record JobSearchQuery(
    [property: Id(0)] GeoPoint Center,
    [property: Id(1)] double RadiusKm,
    [property: Id(2)] string? Category,
    [property: Id(3)] DateTimeOffset? From,
    [property: Id(4)] DateTimeOffset? To,
    [property: Id(5)] long? MinHourlyKrw,
    [property: Id(6)] JobSort Sort,
    [property: Id(7)] string? Cursor,
    [property: Id(8)] int Limit);

[GenerateSerializer, Immutable, Alias("oneday.jobs.search-hit")]
public sealed record JobSearchHit([property: Id(0)] JobSearchEntry Job, [property: Id(1)] double DistanceMeters);

/// <summary>A page of hits; or why there is none: a cursor from elsewhere, or an area that covers too many cells.</summary>
[GenerateSerializer, Immutable, Alias("oneday.jobs.search-page")]
public sealed record JobSearchPage(
    [property: Id(0)] JobSearchHit[] Items,
    [property: Id(1)] string? NextCursor,
    [property: Id(2)] bool BadCursor,
    [property: Id(3)] bool AreaTooLarge = false);

/// <summary>Answers searches from the geo cells; a stateless worker so every silo can serve them.</summary>
[Alias("oneday.jobs.IJobSearchGrain")]
public interface IJobSearchGrain : IGrainWithIntegerKey
{
    /// <remarks>
    /// A search not answered within 5 s is answered 503 rather than left waiting the default 30 s, which outlasts any
    /// client; Orleans drops it from the worker's queue once expired, so a backlog of stale searches clears sooner.
    /// </remarks>
    [Alias("search"), ResponseTimeout("00:00:05")]
    Task<JobSearchPage> Search(JobSearchQuery query);
}
