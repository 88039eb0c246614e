using System.ComponentModel.DataAnnotations;

namespace OneDay.Api.Caching;

/// <summary>The "OneDay:ReadCache" section: how long a gateway may answer public reads from memory.</summary>
public sealed class ReadCacheOptions
{
    public const string SectionName = "OneDay:ReadCache";

    /// <summary>
    /// How stale a public read may be when another gateway (or a background saga) changed the entity;
    /// this gateway's own writes evict at once. 0 turns the cache off.
    /// </summary>
    [Range(0, 60)]
    public double Seconds { get; set; } = 1;

    [Range(1, 4096)]
    public int SizeLimitMegabytes { get; set; } = 64;

    /// <summary>
    /// How many search hits a gateway keeps rendered as JSON (<see cref="Jobs.SearchPageWriter"/>), about
    /// 0.5 KB each. A rendering is checked against the read model's entry on every use, so this bounds
    /// memory, not staleness.
    /// </summary>
    [Range(1, 10_000_000)]
    public int SearchHits { get; set; } = 100_000;
}
