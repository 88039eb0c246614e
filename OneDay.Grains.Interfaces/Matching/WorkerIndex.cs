using OneDay.Grains.Interfaces.Users;

namespace OneDay.Grains.Interfaces.Matching;

/// <summary>
/// How a worker has kept their word, from job events: shown to employers beside a candidate, never part of the score
/// (the score is the same number both ways, and a worker's own record does not change which jobs suit them).
/// </summary>
/// <param name="LateCancellations">Accepted shifts they withdrew from less than <see cref="Reputation.LateCancellationWindow"/> before the start.</param>
/// <param name="AverageRating">Stars from employers, 1 to 5; null before any.</param>
/// <param name="AverageResponseMinutes">From an invitation to their application; null before they answered one.</param>
[GenerateSerializer, Immutable, Alias("oneday.matching.worker-reliability")]
public sealed record WorkerReliability(
    [property: Id(0)] int CompletedShifts,
    [property: Id(1)] int NoShows,
    [property: Id(2)] int LateCancellations,
    [property: Id(3)] int RatingCount,
    [property: Id(4)] double? AverageRating,
    [property: Id(5)] int InvitationsAnswered,
    [property: Id(6)] double? AverageResponseMinutes)
{
    public static WorkerReliability None { get; } = new(0, 0, 0, 0, null, 0, null);
}

/// <summary>
/// What the worker read model keeps about one worker with a matching profile, in the cell of their home: everything the
/// hard rules and the score need, so ranking workers for a job never calls a worker's grains.
/// </summary>
/// <param name="Version">Rises with every change; a cell keeps the highest it was given.</param>
/// <param name="Busy">Their accepted shifts that have not ended.</param>
/// <param name="Blocked">Users they blocked or who blocked them.</param>
[GenerateSerializer, Immutable, Alias("oneday.matching.worker-entry")]
public sealed record WorkerIndexEntry(
    [property: Id(0)] Guid WorkerId,
    [property: Id(1)] long Version,
    [property: Id(2)] MatchingProfile Profile,
    [property: Id(3)] IReadOnlyList<ShiftReservation> Busy,
    [property: Id(4)] IReadOnlyList<Guid> Blocked,
    [property: Id(5)] WorkerReliability Reliability);

/// <summary>A worker cell's entries at one revision, farthest-travelling first; immutable, so local callers share it.</summary>
[GenerateSerializer, Immutable, Alias("oneday.matching.worker-cell-snapshot")]
public sealed record WorkerCellSnapshot([property: Id(0)] long Revision, [property: Id(1)] WorkerIndexEntry[] Entries);

/// <summary>
/// One cell of the geo grid (key from <see cref="Jobs.GeoGrid"/>): the workers whose home is in it. Written only by
/// each worker's matching profile grain, read by candidate searches as snapshots.
/// </summary>
[Alias("oneday.matching.IWorkerGeoCellGrain")]
public interface IWorkerGeoCellGrain : IGrainWithStringKey
{
    [Alias("upsert")]
    Task Upsert(WorkerIndexEntry entry);

    [Alias("remove")]
    Task Remove(Guid workerId, long version);

    [Alias("snapshot")]
    Task<WorkerCellSnapshot> Snapshot();
}
