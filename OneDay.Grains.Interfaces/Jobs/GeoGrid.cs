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

    /// <summary>
    /// The most cells one search may read: four times what a 30 km search reads at the equator (144).
    /// Cells narrow towards the poles, so this admits every radius up to about 75 degrees of latitude and
    /// refuses (rather than fans out over thousands of cells) a wide circle nearer a pole.
    /// </summary>
    public const int MaxCellsPerSearch = 576;

    /// <summary>Cells around a circle of latitude.</summary>
    public const int CellsPerParallel = 7200;

    /// <summary>Past this latitude the flat-earth distance is off by a metre or more over a search radius.</summary>
    private const double GreatCircleLatitude = 80;

    public static string CellOf(double latitude, double longitude) => Key(Index(latitude, 90), Index(longitude, 180));

    /// <summary>How many cells a region (one degree square) has along each side.</summary>
    public const int CellsPerRegionSide = 20;

    /// <summary>The one-degree square a cell lies in, keyed like a cell ("row:column" of regions).</summary>
    public static string RegionOf(string cell)
    {
        var colon = cell.IndexOf(':', StringComparison.Ordinal);
        var row = int.Parse(cell.AsSpan(0, colon), CultureInfo.InvariantCulture);
        var column = int.Parse(cell.AsSpan(colon + 1), CultureInfo.InvariantCulture);
        return Key(FloorDiv(row, CellsPerRegionSide), FloorDiv(column, CellsPerRegionSide));
    }

    private static int FloorDiv(int a, int b) => (int)Math.Floor((double)a / b);

    /// <summary>The block of its cell a point falls in, 0 to <see cref="BlocksPerCell"/> - 1, row by row.</summary>
    public static int BlockOf(double latitude, double longitude) =>
        (Offset(latitude, 90) * BlocksPerSide) + Offset(longitude, 180);

    /// <summary>How many cells the circle's covering reads; more than <see cref="MaxCellsPerSearch"/> is refused.</summary>
    public static long CellCount(GeoPoint center, double radiusKm)
    {
        var box = Box.Of(center, radiusKm);
        return (long)box.Rows * box.Columns;
    }

    /// <summary>
    /// The cells covering the circle, and the blocks of them that meet its bounding box, nearest first, each
    /// with a lower bound of its distance from the center (slightly understated, so a search may stop early
    /// without missing a nearer job). Null when the covering has more than <see cref="MaxCellsPerSearch"/> cells.
    /// </summary>
    public static GeoCover? Cover(GeoPoint center, double radiusKm)
    {
        if (!TryBox(center, radiusKm, out var box, out var greatCircle))
        {
            return null;
        }

        var cells = new List<string>(box.Rows * box.Columns);
        var blocks = new List<GridBlock>();
        for (var lat = box.FirstRow; lat < box.FirstRow + box.Rows; lat++)
        {
            // Unwrapped: a column past +-180 keeps its geometry next to the center and takes its key from the wrap.
            for (var lon = box.FirstColumn; lon < box.FirstColumn + box.Columns; lon++)
            {
                var cell = cells.Count;
                cells.Add(Key(lat, Wrap(lon)));
                AddBlocks(center, box, greatCircle, cell, lat, lon, blocks);
            }
        }

        // Sorted on a separate array of the distances: the primitive keys sort several times faster than a comparison
        // delegate over the blocks, which took a few percent of every search and recommendation.
        var distances = new double[blocks.Count];
        for (var i = 0; i < distances.Length; i++)
        {
            distances[i] = blocks[i].MinDistanceMeters;
        }

        distances.AsSpan().Sort(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(blocks));
        return new GeoCover(cells, blocks, box.HalfHeight, box.AllLongitudes ? 180 : box.HalfWidth, greatCircle);
    }

    /// <summary>
    /// The cells covering the circle, each with a lower bound of its distance from the center (as <see cref="Cover"/>
    /// gives its blocks, here for the whole cell), and the regions they lie in, without the blocks: a search that reads
    /// whole cells pays for neither the blocks nor a parse of every key. Null past <see cref="MaxCellsPerSearch"/>.
    /// </summary>
    public static GeoCellCover? CoverCells(GeoPoint center, double radiusKm)
    {
        if (!TryBox(center, radiusKm, out var box, out var greatCircle))
        {
            return null;
        }

        var count = box.Rows * box.Columns;
        var (cells, nearest) = (new List<string>(count), new double[count]);
        var regions = new Dictionary<(int, int), string>();
        for (var lat = box.FirstRow; lat < box.FirstRow + box.Rows; lat++)
        {
            for (var lon = box.FirstColumn; lon < box.FirstColumn + box.Columns; lon++)
            {
                var column = Wrap(lon);
                var region = (FloorDiv(lat, CellsPerRegionSide), FloorDiv(column, CellsPerRegionSide));
                nearest[cells.Count] = Bound(center, greatCircle, lat * CellDegrees, lon * CellDegrees, CellDegrees);
                cells.Add(Key(lat, column));
                if (!regions.ContainsKey(region))
                {
                    regions[region] = Key(region.Item1, region.Item2);
                }
            }
        }

        return new GeoCellCover(cells, [.. regions.Values], nearest);
    }

    /// <summary>
    /// The circle's bounding box, and whether its distances are great-circle ones; false when the covering has more than
    /// <see cref="MaxCellsPerSearch"/> cells.
    /// </summary>
    private static bool TryBox(GeoPoint center, double radiusKm, out Box box, out bool greatCircle)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(radiusKm);
        if (!center.IsValid || !double.IsFinite(radiusKm))
        {
            throw new ArgumentOutOfRangeException(nameof(center), "A valid center and a finite radius.");
        }

        box = Box.Of(center, radiusKm);
        greatCircle = Math.Max(Math.Abs(box.South), Math.Abs(box.North)) > GreatCircleLatitude;
        return (long)box.Rows * box.Columns <= MaxCellsPerSearch;
    }

    private static void AddBlocks(GeoPoint center, Box box, bool greatCircle, int cell, int lat, int lon, List<GridBlock> blocks)
    {
        for (var row = 0; row < BlocksPerSide; row++)
        {
            var south = (lat * CellDegrees) + (row * BlockDegrees);
            if (south > box.North || south + BlockDegrees < box.South)
            {
                continue;
            }

            for (var column = 0; column < BlocksPerSide; column++)
            {
                var west = (lon * CellDegrees) + (column * BlockDegrees);
                if (!box.AllLongitudes && (west > center.Longitude + box.HalfWidth || west + BlockDegrees < center.Longitude - box.HalfWidth))
                {
                    continue;
                }

                blocks.Add(new GridBlock(cell, (row * BlocksPerSide) + column, Bound(center, greatCircle, south, west, BlockDegrees)));
            }
        }
    }

    /// <summary>A lower bound of the distance from the center to a square of the grid, slightly understated.</summary>
    private static double Bound(GeoPoint center, bool greatCircle, double south, double west, double side)
    {
        var nearestLat = Math.Clamp(center.Latitude, south, south + side);
        if (greatCircle)
        {
            // Two points are at least their difference in latitude apart, whatever their longitudes.
            return Math.Max(0, (GeoPoint.MetersPerDegreeLatitude * Math.Abs(center.Latitude - nearestLat)) - 1);
        }

        var nearestLon = Math.Clamp(center.Longitude, west, west + side);
        var distance = GeoPoint.ApproxDistanceMeters(center.Latitude, center.Longitude, nearestLat, nearestLon);
        return Math.Max(0, (distance * 0.99) - 10);
    }

    // Which row (or column) of blocks inside its cell; clamped so rounding at a cell edge stays in the cell.
    private static int Offset(double degrees, double max)
    {
        var within = Math.Min(degrees, max - 1e-9) - (Index(degrees, max) * CellDegrees);
        return Math.Clamp((int)Math.Floor(within / BlockDegrees), 0, BlocksPerSide - 1);
    }

    private static int Index(double degrees, double max) =>
        (int)Math.Floor(Math.Min(degrees, max - 1e-9) / CellDegrees);

    /// <summary>A column index past the antimeridian, brought back into -3600..3599.</summary>
    private static int Wrap(int column)
    {
        var wrapped = (column + (CellsPerParallel / 2)) % CellsPerParallel;
        return (wrapped < 0 ? wrapped + CellsPerParallel : wrapped) - (CellsPerParallel / 2);
    }

    private static string Key(int lat, int lon) =>
        string.Create(CultureInfo.InvariantCulture, $"{lat}:{lon}");

    /// <summary>The circle's bounding box on the sphere, and the rows and (unwrapped) columns of cells it meets.</summary>
    private readonly record struct Box(
        double South, double North, double HalfHeight, double HalfWidth, bool AllLongitudes, int FirstRow, int Rows, int FirstColumn, int Columns)
    {
        public static Box Of(GeoPoint center, double radiusKm)
        {
            var angle = radiusKm / GeoPoint.EarthRadiusKm;
            var halfHeight = double.RadiansToDegrees(angle);
            var south = Math.Max(-90, center.Latitude - halfHeight);
            var north = Math.Min(90, center.Latitude + halfHeight);
            // The widest longitude span of a spherical cap; past 1 the cap holds a pole and so every longitude.
            var spread = Math.Sin(angle) / Math.Cos(double.DegreesToRadians(center.Latitude));
            var allLongitudes = north >= 90 || south <= -90 || !(spread < 1);
            var halfWidth = allLongitudes ? 180 : double.RadiansToDegrees(Math.Asin(spread));
            var firstRow = Index(south, 90);
            var rows = Index(north, 90) - firstRow + 1;
            int firstColumn, columns;
            if (allLongitudes)
            {
                (firstColumn, columns) = (-CellsPerParallel / 2, CellsPerParallel);
            }
            else
            {
                firstColumn = (int)Math.Floor((center.Longitude - halfWidth) / CellDegrees);
                columns = Math.Min(CellsPerParallel, (int)Math.Floor((center.Longitude + halfWidth) / CellDegrees) - firstColumn + 1);
            }

            return new Box(south, north, halfHeight, halfWidth, allLongitudes, firstRow, rows, firstColumn, columns);
        }
    }
}

/// <summary>
/// The covering cells of <see cref="GeoGrid.CoverCells"/> with their distance bounds, index for index, and the regions
/// they lie in, each once.
/// </summary>
public sealed record GeoCellCover(List<string> Cells, List<string> Regions, double[] NearestMeters);

/// <summary>One block of a covering cell: <see cref="Cell"/> indexes the cells list it came with.</summary>
public readonly record struct GridBlock(int Cell, int Block, double MinDistanceMeters);

/// <summary>
/// What a search reads: the covering cells, their blocks nearest first, the half-sides in degrees of the
/// circle's bounding box (the width is 180 when the circle holds a pole), and which distance to measure with.
/// </summary>
public sealed record GeoCover(List<string> Cells, List<GridBlock> Blocks, double HalfHeightDegrees, double HalfWidthDegrees, bool GreatCircle)
{
    public double DistanceMeters(double lat1, double lon1, double lat2, double lon2) => GreatCircle
        ? GeoPoint.GreatCircleMeters(lat1, lon1, lat2, lon2)
        : GeoPoint.ApproxDistanceMeters(lat1, lon1, lat2, lon2);

    /// <summary>Degrees of longitude between two meridians, the short way round (0 to 180).</summary>
    public static double LongitudeGap(double lon1, double lon2)
    {
        var gap = Math.Abs(lon1 - lon2);
        return gap > 180 ? 360 - gap : gap;
    }
}
