using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Grains.Jobs;

/// <summary>
/// What a search tests for each entry of a cell snapshot, copied into one contiguous array in the entries'
/// order. Every entry is its own heap object, so reading each one's coordinates cost a cache miss, which
/// made the scan dominate a busy search silo. Entries themselves are touched only for the few that make the
/// page (and for a category filter).
/// </summary>
internal readonly record struct ScanKey(Guid JobId, double Latitude, double Longitude, long StartsAtUtcTicks, long HourlyKrw);

/// <summary>A cell snapshot with its <see cref="ScanKey"/>s, built once per snapshot a search grain fetches.</summary>
internal sealed class CellScan
{
    private readonly ScanKey[] _keys;

    public CellScan(CellSnapshot snapshot)
    {
        Snapshot = snapshot;
        _keys = new ScanKey[snapshot.Entries.Length];
        for (var i = 0; i < _keys.Length; i++)
        {
            var e = snapshot.Entries[i];
            _keys[i] = new ScanKey(e.JobId, e.Latitude, e.Longitude, e.StartsAt.UtcTicks, e.HourlyKrw);
        }
    }

    public CellSnapshot Snapshot { get; }

    /// <summary>The keys of one <see cref="GeoGrid"/> block; index i matches <c>Snapshot.Block(block)[i]</c>.</summary>
    public ReadOnlySpan<ScanKey> Keys(int block) =>
        _keys.AsSpan(Snapshot.BlockStarts[block], Snapshot.BlockStarts[block + 1] - Snapshot.BlockStarts[block]);
}
