namespace OneDay.Grains.Matching.Scoring;

/// <summary>
/// A worker's preferred categories as 64 bits on a search's flat key, each category setting the bit of its hash: a job
/// whose category's bit is not set is certainly not one of them, so its category factor is known (0) without reading
/// the worker's profile. No bit set means the worker prefers none (the factor is then 0.5).
/// </summary>
internal static class CategoryBits
{
    /// <param name="categories">Normalized (<see cref="MatchingProfileRules.NormalizeName"/>).</param>
    public static ulong Of(IEnumerable<string> categories)
    {
        var bits = 0UL;
        foreach (var category in categories)
        {
            bits |= Bit(category);
        }

        return bits;
    }

    /// <summary>FNV-1a over the characters: the same in every process, unlike <see cref="string.GetHashCode()"/>.</summary>
    public static ulong Bit(string category)
    {
        var hash = 2166136261u;
        foreach (var c in category)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return 1UL << (int)(hash % 64);
    }

    /// <summary>The highest value the category factor can have for a worker with these bits (see <see cref="WorkerMatch.CategoryValue"/>).</summary>
    public static double MaxValue(ulong preferred, ulong job) => preferred == 0 ? 0.5 : (preferred & job) != 0 ? 1 : 0;
}
