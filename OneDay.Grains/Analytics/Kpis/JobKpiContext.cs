using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Matching;

namespace OneDay.Grains.Analytics.Kpis;

/// <summary>What the KPIs need to know of a job when one of its later events comes: where it counts, and since when.</summary>
public sealed record JobKpiContext(string Category, string Region, DateTimeOffset? PostedAt, Guid EmployerId, bool Filled)
{
    public const string Unknown = "unknown";

    /// <summary>A job whose posting the store no longer holds (embedded mode keeps the newest events only).</summary>
    public static readonly JobKpiContext Missing = new(Unknown, Unknown, null, Guid.Empty, false);

    public static JobKpiContext Posted(JobCreated created, DateTimeOffset at) =>
        new(CategoryOf(created.Details), RegionOf(created.Details), at, created.EmployerId, false);

    /// <summary>Category and region follow an edit of the job; the rest stays.</summary>
    public JobKpiContext Edited(JobDraft details) => this with { Category = CategoryOf(details), Region = RegionOf(details) };

    public static string CategoryOf(JobDraft details) => MatchingProfileRules.NormalizeName(details.Category);

    /// <summary>The one-degree square of the job's place (<see cref="GeoGrid.RegionOf"/>), "row:column".</summary>
    public static string RegionOf(JobDraft details) =>
        GeoGrid.RegionOf(GeoGrid.CellOf(details.Location.Latitude, details.Location.Longitude));
}
