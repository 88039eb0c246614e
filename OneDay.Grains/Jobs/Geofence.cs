using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Grains.Jobs;

public enum GeofenceVerdict
{
    Inside = 0,
    /// <summary>The job has a location and no position came with the check-in or check-out.</summary>
    Missing = 1,
    /// <summary>Not a coordinate, or an accuracy that is not a non-negative number of metres.</summary>
    Invalid = 2,
    Outside = 3,
}

/// <summary>
/// Whether a worker's reported position is on site for check-in and check-out. Pure, so the rule is tested
/// without a cluster.
/// </summary>
public static class Geofence
{
    /// <summary>
    /// A phone's fix comes with an accuracy radius, and indoors it is often tens of metres: that much counts
    /// in the worker's favour, but at most this, and never more than the job's own radius again, so a
    /// claimed accuracy of kilometres cannot stretch the fence.
    /// </summary>
    public const double MaxAccuracyAllowanceMeters = 100;

    public static double AllowedMeters(int radiusMeters, double? accuracyMeters) =>
        radiusMeters + Math.Min(accuracyMeters ?? 0, Math.Min(MaxAccuracyAllowanceMeters, radiusMeters));

    /// <summary>The verdict, and the distance from the site when there was a valid position.</summary>
    public static (GeofenceVerdict Verdict, double DistanceMeters) Check(JobLocation? site, int radiusMeters, ReportedPosition? at)
    {
        if (site is null)
        {
            return (GeofenceVerdict.Inside, 0);
        }

        if (at is null)
        {
            return (GeofenceVerdict.Missing, 0);
        }

        if (!at.Point.IsValid || at.AccuracyMeters is { } accuracy && !(double.IsFinite(accuracy) && accuracy >= 0))
        {
            return (GeofenceVerdict.Invalid, 0);
        }

        var distance = at.Point.DistanceMetersTo(site.Point);
        return (distance <= AllowedMeters(radiusMeters, at.AccuracyMeters) ? GeofenceVerdict.Inside : GeofenceVerdict.Outside, distance);
    }
}
