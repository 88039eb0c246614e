using System.Globalization;

namespace OneDay.Grains.Interfaces.Jobs;

/// <summary>
/// A fixed latitude/longitude grid. Cells of 0.05 degrees (about 5.5 km north-south) keep a city-sized
/// cell to a few hundred jobs, so a search near a point reads a dozen small cells.
/// </summary>
public static class GeoGrid
{
    public const double CellDegrees = 0.05;
    public const double MaxRadiusKm = 30;
    private const double KmPerDegreeLatitude = 111.32;

    public static string CellOf(double latitude, double longitude) => Key(Index(latitude, 90), Index(longitude, 180));

    /// <summary>Every cell that intersects the bounding box of the circle.</summary>
    public static IEnumerable<string> CellsCovering(GeoPoint center, double radiusKm)
    {
        var dLat = radiusKm / KmPerDegreeLatitude;
        var cos = Math.Max(0.01, Math.Cos(double.DegreesToRadians(center.Latitude)));
        var dLon = Math.Min(180, radiusKm / (KmPerDegreeLatitude * cos));
        var latLow = Index(Math.Max(-90, center.Latitude - dLat), 90);
        var latHigh = Index(Math.Min(90, center.Latitude + dLat), 90);
        var lonLow = Index(Math.Max(-180, center.Longitude - dLon), 180);
        var lonHigh = Index(Math.Min(180, center.Longitude + dLon), 180);
        for (var lat = latLow; lat <= latHigh; lat++)
        {
            for (var lon = lonLow; lon <= lonHigh; lon++)
            {
                yield return Key(lat, lon);
            }
        }
    }

    private static int Index(double degrees, double max) =>
        (int)Math.Floor(Math.Min(degrees, max - 1e-9) / CellDegrees);

    private static string Key(int lat, int lon) =>
        string.Create(CultureInfo.InvariantCulture, $"{lat}:{lon}");
}
