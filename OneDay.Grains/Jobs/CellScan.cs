using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Matching;

namespace OneDay.Grains.Jobs;

/// <summary>
/// What a search tests for each entry of a cell snapshot, copied into one contiguous array in the entries'
/// order. Every entry is its own heap object, so reading each one's coordinates cost a cache miss, which
/// made the scan dominate a busy search silo. Entries themselves are touched only for the few that make the
/// page (and for a category filter).
/// </summary>
internal readonly record struct ScanKey(Guid JobId, double Latitude, double Longitude, long StartsAtUtcTicks, long EndsAtUtcTicks, long HourlyKrw);

/// <summary>A cell snapshot with its <see cref="ScanKey"/>s, built once per snapshot a search grain fetches.</summary>
internal sealed class CellScan
{
    private readonly ScanKey[] _keys;
    private MatchKey[]? _matchKeys;

    public CellScan(CellSnapshot snapshot)
    {
        Snapshot = snapshot;
        _keys = new ScanKey[snapshot.Entries.Length];
        for (var i = 0; i < _keys.Length; i++)
        {
            var e = snapshot.Entries[i];
            _keys[i] = new ScanKey(e.JobId, e.Latitude, e.Longitude, e.StartsAt.UtcTicks, e.EndsAt.UtcTicks, e.HourlyKrw);
        }
    }

    public CellSnapshot Snapshot { get; }

    /// <summary>
    /// What matching rates besides the keys, in a parallel array built on first use (searches never need it), so that
    /// rating a job reads no entry either. Index i matches <c>Snapshot.Block(block)[i]</c>.
    /// </summary>
    public ReadOnlySpan<MatchKey> MatchKeys(int block) =>
        (_matchKeys ??= BuildMatchKeys(Snapshot.Entries)).AsSpan(Snapshot.BlockStarts[block], Snapshot.BlockStarts[block + 1] - Snapshot.BlockStarts[block]);

    /// <summary>The keys of one <see cref="GeoGrid"/> block; index i matches <c>Snapshot.Block(block)[i]</c>.</summary>
    public ReadOnlySpan<ScanKey> Keys(int block) =>
        _keys.AsSpan(Snapshot.BlockStarts[block], Snapshot.BlockStarts[block + 1] - Snapshot.BlockStarts[block]);

    // A race builds it twice at worst, and each build gives the same keys.
    private static MatchKey[] BuildMatchKeys(JobSearchEntry[] entries)
    {
        // One string per category in the cell, so the comparisons that follow stay in cache.
        var categories = new Dictionary<string, string>(StringComparer.Ordinal);
        var keys = new MatchKey[entries.Length];
        for (var i = 0; i < keys.Length; i++)
        {
            var e = entries[i];
            var category = MatchingProfileRules.NormalizeName(e.Category);
            keys[i] = new MatchKey(
                e.EmployerId, categories.TryGetValue(category, out var shared) ? shared : categories[category] = category,
                e.RequiredSkills is { Length: > 0 } skills ? skills : null);
        }

        return keys;
    }
}

/// <summary>A job's terms besides its <see cref="ScanKey"/>, as matching rates it.</summary>
/// <param name="Category">Normalized, one string per category and cell.</param>
/// <param name="RequiredSkills">Null when the job requires none, so that most jobs need no look at an array.</param>
internal readonly record struct MatchKey(Guid EmployerId, string Category, string[]? RequiredSkills);
