using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Tests.Unit.Jobs;

/// <summary>The covering a search reads: every point within the radius is in it, near the poles and across the antimeridian too.</summary>
public sealed class GeoGridTests
{
    [Fact]
    public void A_30_km_circle_at_the_equator_reads_at_most_144_cells()
    {
        var cover = GeoGrid.Cover(new GeoPoint(0.02, 0.02), GeoGrid.MaxRadiusKm)!;
        Assert.InRange(cover.Cells.Count, 100, 144);
        Assert.Equal(cover.Cells.Count, GeoGrid.CellCount(new GeoPoint(0.02, 0.02), GeoGrid.MaxRadiusKm));
        Assert.False(cover.GreatCircle);
    }

    [Theory]
    [InlineData(85)]
    [InlineData(87.5)]
    [InlineData(89.5)]
    [InlineData(90)]
    [InlineData(-85)]
    [InlineData(-89.5)]
    [InlineData(-90)]
    public void A_30_km_circle_near_a_pole_is_refused_instead_of_fanning_out(double latitude)
    {
        var center = new GeoPoint(latitude, 0);
        Assert.True(GeoGrid.CellCount(center, GeoGrid.MaxRadiusKm) > GeoGrid.MaxCellsPerSearch);
        Assert.Null(GeoGrid.Cover(center, GeoGrid.MaxRadiusKm));
    }

    [Theory]
    [InlineData(89.95, 10)]
    [InlineData(-89.99, 2)]
    [InlineData(90, 0.1)]
    [InlineData(-90, 0.1)]
    public void A_circle_that_holds_a_pole_covers_every_longitude(double latitude, double radiusKm)
    {
        var center = new GeoPoint(latitude, 45);
        var count = GeoGrid.CellCount(center, radiusKm);
        Assert.Equal(0, count % GeoGrid.CellsPerParallel);
        Assert.InRange(count / GeoGrid.CellsPerParallel, 1, 3);
        Assert.Null(GeoGrid.Cover(center, radiusKm));
    }

    [Theory]
    [InlineData(85, 5)]
    [InlineData(-85, 5)]
    [InlineData(88, 1)]
    [InlineData(89.9, 0.5)]
    [InlineData(75, 30)]
    public void Small_enough_circles_near_a_pole_are_covered_within_the_bound(double latitude, double radiusKm)
    {
        var cover = GeoGrid.Cover(new GeoPoint(latitude, 179.9), radiusKm)!;
        Assert.InRange(cover.Cells.Count, 1, GeoGrid.MaxCellsPerSearch);
        AssertCovers(new GeoPoint(latitude, 179.9), radiusKm, cover, new Random(7), samples: 2000);
    }

    [Fact]
    public void A_circle_on_the_antimeridian_covers_both_sides_with_keys_in_range()
    {
        var center = new GeoPoint(10, 179.99);
        var cover = GeoGrid.Cover(center, 5)!;
        Assert.Contains(GeoGrid.CellOf(10, -179.99), cover.Cells);
        Assert.Contains(GeoGrid.CellOf(10, 179.99), cover.Cells);
        Assert.Equal(cover.Cells.Count, cover.Cells.Distinct().Count());
        Assert.All(cover.Cells, key => Assert.InRange(int.Parse(key.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture), -3600, 3599));

        // The job 1.1 km east, across the line, is close, not a world away.
        Assert.InRange(GeoPoint.ApproxDistanceMeters(10, 179.995, 10, -179.995), 1090, 1100);
        Assert.InRange(cover.DistanceMeters(10, -179.995, 10, 179.995), 1090, 1100);
    }

    [Fact]
    public void Every_point_within_the_radius_is_in_a_covered_block_no_nearer_than_its_bound()
    {
        var random = new Random(2026);
        var refused = 0;
        for (var i = 0; i < 400; i++)
        {
            // Half near the poles or the antimeridian, where the grid is hardest to get right.
            var latitude = i % 2 == 0 ? (random.NextDouble() * 180) - 90 : (random.Next(2) == 0 ? 1 : -1) * (60 + (random.NextDouble() * 30));
            var longitude = i % 3 == 0 ? (random.Next(2) == 0 ? 180 : -180) - (Math.Sign(random.NextDouble() - 0.5) * random.NextDouble() * 0.3)
                : (random.NextDouble() * 360) - 180;
            var center = new GeoPoint(latitude, Math.Clamp(longitude, -180, 180));
            var radiusKm = 0.1 + (random.NextDouble() * (GeoGrid.MaxRadiusKm - 0.1));
            var cover = GeoGrid.Cover(center, radiusKm);
            if (cover is null)
            {
                refused++;
                Assert.True(GeoGrid.CellCount(center, radiusKm) > GeoGrid.MaxCellsPerSearch);
                continue;
            }

            Assert.InRange(cover.Cells.Count, 1, GeoGrid.MaxCellsPerSearch);
            Assert.Equal(cover.Cells.Count, cover.Cells.Distinct().Count());
            AssertCovers(center, radiusKm, cover, random, samples: 50);
        }

        Assert.InRange(refused, 1, 200);
    }

    private static void AssertCovers(GeoPoint center, double radiusKm, GeoCover cover, Random random, int samples)
    {
        var cells = cover.Cells.Select((key, index) => (key, index)).ToDictionary(c => c.key, c => c.index);
        var bounds = cover.Blocks.ToDictionary(b => (b.Cell, b.Block), b => b.MinDistanceMeters);
        for (var s = 0; s < samples; s++)
        {
            var meters = radiusKm * 1000 * (s == 0 ? 0.999999 : random.NextDouble());
            var point = Destination(center, random.NextDouble() * 360, meters);
            var trueDistance = center.DistanceMetersTo(point);
            var searchDistance = cover.DistanceMeters(center.Latitude, center.Longitude, point.Latitude, point.Longitude);
            Assert.True(Math.Abs(searchDistance - trueDistance) < 1.5, $"{center} to {point}: {searchDistance} m measured, {trueDistance} m true");

            var where = $"{point} at {meters:F0} m from {center}, radius {radiusKm:F2} km";
            Assert.True(cells.TryGetValue(GeoGrid.CellOf(point.Latitude, point.Longitude), out var cell), $"cell missing for {where}");
            Assert.True(bounds.TryGetValue((cell, GeoGrid.BlockOf(point.Latitude, point.Longitude)), out var bound), $"block missing for {where}");
            Assert.True(bound <= searchDistance, $"bound {bound} m above the distance {searchDistance} m for {where}");
            Assert.True(Math.Abs(point.Latitude - center.Latitude) <= cover.HalfHeightDegrees + 1e-9, $"outside the box's height: {where}");
            Assert.True(GeoCover.LongitudeGap(point.Longitude, center.Longitude) <= cover.HalfWidthDegrees + 1e-9, $"outside the box's width: {where}");
        }
    }

    /// <summary>The point <paramref name="meters"/> from <paramref name="start"/> along the initial bearing, on the sphere.</summary>
    private static GeoPoint Destination(GeoPoint start, double bearingDegrees, double meters)
    {
        var angle = meters / (GeoPoint.EarthRadiusKm * 1000);
        var phi1 = double.DegreesToRadians(start.Latitude);
        var theta = double.DegreesToRadians(bearingDegrees);
        var phi2 = Math.Asin(Math.Clamp((Math.Sin(phi1) * Math.Cos(angle)) + (Math.Cos(phi1) * Math.Sin(angle) * Math.Cos(theta)), -1, 1));
        var lambda = double.DegreesToRadians(start.Longitude)
            + Math.Atan2(Math.Sin(theta) * Math.Sin(angle) * Math.Cos(phi1), Math.Cos(angle) - (Math.Sin(phi1) * Math.Sin(phi2)));
        var longitude = double.RadiansToDegrees(lambda);
        longitude = ((longitude + 540) % 360) - 180;
        return new GeoPoint(double.RadiansToDegrees(phi2), longitude);
    }

    [Theory]
    [InlineData(37.5665, 126.978, 37.01, 126.99, "37:126")]
    [InlineData(-33.87, 151.21, -33.01, 151.99, "-34:151")]
    [InlineData(0.001, -0.001, 0.999, -0.999, "0:-1")]
    public void A_region_is_the_degree_square_its_cells_lie_in(double lat1, double lon1, double lat2, double lon2, string region)
    {
        Assert.Equal(region, GeoGrid.RegionOf(GeoGrid.CellOf(lat1, lon1)));
        Assert.Equal(region, GeoGrid.RegionOf(GeoGrid.CellOf(lat2, lon2)));
    }

    [Fact]
    public void Every_cell_of_a_cover_has_one_region_and_a_wide_search_spans_few()
    {
        var cover = GeoGrid.Cover(new GeoPoint(37.5, 127.0), GeoGrid.MaxRadiusKm)!;
        Assert.InRange(cover.Cells.Select(GeoGrid.RegionOf).Distinct().Count(), 1, 4);
    }
}
