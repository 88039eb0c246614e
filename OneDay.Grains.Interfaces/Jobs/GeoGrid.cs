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
    public static IEnumerable<string> CellsCovering(GeoPoint center, double radiusKm) =>
        Covering(center, radiusKm).Select(c => Key(c.Lat, c.Lon));

    /// <summary>
    /// The covering cells, nearest first, each with a lower bound of the distance from the center to any
    /// point in it (slightly understated, so a search may stop early without missing a nearer job).
    /// </summary>
    public static List<(string Key, double MinDistanceMeters)> CellsByDistance(GeoPoint center, double radiusKm)
    {
        var cells = new List<(string Key, double MinDistanceMeters)>();
        foreach (var (lat, lon) in Covering(center, radiusKm))
        {
            var nearestLat = Math.Clamp(center.Latitude, lat * CellDegrees, (lat + 1) * CellDegrees);
            var nearestLon = Math.Clamp(center.Longitude, lon * CellDegrees, (lon + 1) * CellDegrees);
            var distance = GeoPoint.ApproxDistanceMeters(center.Latitude, center.Longitude, nearestLat, nearestLon);
            cells.Add((Key(lat, lon), Math.Max(0, (distance * 0.99) - 10)));
        }

        cells.Sort((a, b) => a.MinDistanceMeters.CompareTo(b.MinDistanceMeters));
        return cells;
    }

    private static IEnumerable<(int Lat, int Lon)> Covering(GeoPoint center, double radiusKm)
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
                yield return (lat, lon);
            }
        }
    }

    private static int Index(double degrees, double max) =>
        (int)Math.Floor(Math.Min(degrees, max - 1e-9) / CellDegrees);

    private static string Key(int lat, int lon) =>
        string.Create(CultureInfo.InvariantCulture, $"{lat}:{lon}");
}
