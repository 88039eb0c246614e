using System.Globalization;

namespace OneDay.Grains.Interfaces.Jobs;

/// <summary>
/// A fixed latitude/longitude grid. Cells of 0.05 degrees (about 5.5 km north-south) keep a city-sized
/// cell to a few hundred jobs, so a search near a point reads a dozen small cells. Each cell is split
/// again into <see cref="BlocksPerSide"/> x <see cref="BlocksPerSide"/> blocks (about 1.1 km), which cost
/// no grain calls: a cell snapshot keeps its entries grouped by block, so a search scans the nearest
/// blocks instead of whole crowded cells.
/// </summary>
public static class GeoGrid
{
    public const double CellDegrees = 0.05;
    public const int BlocksPerSide = 5;
    public const int BlocksPerCell = BlocksPerSide * BlocksPerSide;
    private const double BlockDegrees = CellDegrees / BlocksPerSide;
    public const double MaxRadiusKm = 30;
    private const double KmPerDegreeLatitude = 111.32;

    public static string CellOf(double latitude, double longitude) => Key(Index(latitude, 90), Index(longitude, 180));

    /// <summary>The block of its cell a point falls in, 0 to <see cref="BlocksPerCell"/> - 1, row by row.</summary>
    public static int BlockOf(double latitude, double longitude) =>
        (Offset(latitude, 90) * BlocksPerSide) + Offset(longitude, 180);

    /// <summary>
    /// The covering cells, and the blocks of them that meet the circle's bounding box, nearest first, each
    /// with a lower bound of its distance from the center (slightly understated, so a search may stop early
    /// without missing a nearer job).
    /// </summary>
    public static (List<string> Cells, List<GridBlock> Blocks) BlocksByDistance(GeoPoint center, double radiusKm)
    {
        var dLat = radiusKm / KmPerDegreeLatitude;
        var dLon = Math.Min(180, radiusKm / (KmPerDegreeLatitude * Math.Max(0.01, Math.Cos(double.DegreesToRadians(center.Latitude)))));
        var cells = new List<string>();
        var blocks = new List<GridBlock>();
        foreach (var (lat, lon) in Covering(center, dLat, dLon))
        {
            var cell = cells.Count;
            cells.Add(Key(lat, lon));
            for (var row = 0; row < BlocksPerSide; row++)
            {
                var south = (lat * CellDegrees) + (row * BlockDegrees);
                if (south > center.Latitude + dLat || south + BlockDegrees < center.Latitude - dLat)
                {
                    continue;
                }

                for (var column = 0; column < BlocksPerSide; column++)
                {
                    var west = (lon * CellDegrees) + (column * BlockDegrees);
                    if (west > center.Longitude + dLon || west + BlockDegrees < center.Longitude - dLon)
                    {
                        continue;
                    }

                    var nearestLat = Math.Clamp(center.Latitude, south, south + BlockDegrees);
                    var nearestLon = Math.Clamp(center.Longitude, west, west + BlockDegrees);
                    var distance = GeoPoint.ApproxDistanceMeters(center.Latitude, center.Longitude, nearestLat, nearestLon);
                    blocks.Add(new GridBlock(cell, (row * BlocksPerSide) + column, Math.Max(0, (distance * 0.99) - 10)));
                }
            }
        }

        blocks.Sort((a, b) => a.MinDistanceMeters.CompareTo(b.MinDistanceMeters));
        return (cells, blocks);
    }

    // Which row (or column) of blocks inside its cell; clamped so rounding at a cell edge stays in the cell.
    private static int Offset(double degrees, double max)
    {
        var within = Math.Min(degrees, max - 1e-9) - (Index(degrees, max) * CellDegrees);
        return Math.Clamp((int)Math.Floor(within / BlockDegrees), 0, BlocksPerSide - 1);
    }

    /// <summary>Every cell that meets the box of half-sides <paramref name="dLat"/> by <paramref name="dLon"/> degrees.</summary>
    private static IEnumerable<(int Lat, int Lon)> Covering(GeoPoint center, double dLat, double dLon)
    {
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

/// <summary>One block of a covering cell: <see cref="Cell"/> indexes the cells list it came with.</summary>
public readonly record struct GridBlock(int Cell, int Block, double MinDistanceMeters);
