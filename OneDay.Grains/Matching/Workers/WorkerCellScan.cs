using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Matching.Scoring;

namespace OneDay.Grains.Matching.Workers;

/// <summary>What a candidate search tests first for each worker, in one contiguous array (see <see cref="Jobs.ScanKey"/>).</summary>
internal readonly record struct WorkerKey(
    double Latitude, double Longitude, double MaxTravelMeters, long PayFloor, WeeklyHours Hours, ulong PreferredCategories);

/// <summary>
/// A worker cell snapshot with its <see cref="WorkerKey"/>s, and each worker prepared for matching the first time a
/// search gets that far with them, then kept for as long as the snapshot is.
/// </summary>
internal sealed class WorkerCellScan
{
    private readonly WorkerKey[] _keys;
    private readonly WorkerMatch?[] _matches;
    private readonly MatchScorer _scorer;

    public WorkerCellScan(WorkerCellSnapshot snapshot, MatchScorer scorer)
    {
        (Snapshot, _scorer) = (snapshot, scorer);
        _keys = new WorkerKey[snapshot.Entries.Length];
        _matches = new WorkerMatch?[_keys.Length];
        MinPayFloor = long.MaxValue;
        for (var i = 0; i < _keys.Length; i++)
        {
            var p = snapshot.Entries[i].Profile;
            _keys[i] = new WorkerKey(p.Home.Latitude, p.Home.Longitude, p.MaxTravelKm * 1000, scorer.PayFloor(p), WeeklyHours.Of(p.Availability),
                CategoryBits.Of(p.PreferredCategories));
            MinPayFloor = Math.Min(MinPayFloor, _keys[i].PayFloor);
        }
    }

    /// <summary>The lowest pay floor of the cell's workers: the pay factor of none of them is higher than at this floor.</summary>
    public long MinPayFloor { get; }

    public WorkerCellSnapshot Snapshot { get; }

    /// <summary>Index i matches <c>Snapshot.Entries[i]</c>: farthest-travelling first.</summary>
    public ReadOnlySpan<WorkerKey> Keys => _keys;

    public WorkerMatch Match(int index) => _matches[index] ??= Prepare(Snapshot.Entries[index]);

    private WorkerMatch Prepare(WorkerIndexEntry entry) => _scorer.For(
        entry.Profile,
        new WeeklyAvailability(entry.Profile.Availability),
        MatchContext.Of(entry.Busy, entry.Blocked));
}
