using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Jobs;

namespace OneDay.Tests.Unit.Jobs;

public sealed class JobRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private static JobDraft Draft(
        double lat = 37.5, double lon = 127, TimeSpan? startIn = null, double hours = 4, long pay = 12_000, PayKind kind = PayKind.PerHour,
        int headcount = 2, int radius = 200)
    {
        var start = Now + (startIn ?? TimeSpan.FromHours(2));
        return new JobDraft("Barista", "Coffee", "cafe", new JobLocation(lat, lon, "Seoul"), start, start.AddHours(hours),
            new JobPay(pay, kind), headcount, ["espresso"], radius);
    }

    private static string[] Fields(JobDraft draft) =>
        [.. JobRules.Validate(draft, Now, JobOptions.DefaultMinimumHourlyWageKrw).Select(e => e.Field)];

    [Fact]
    public void A_valid_draft_has_no_errors() => Assert.Empty(Fields(Draft()));

    [Theory]
    [InlineData(-1, "startsAt")]
    [InlineData(0, "startsAt")]
    public void Start_must_be_in_the_future(int minutes, string field) =>
        Assert.Contains(field, Fields(Draft(startIn: TimeSpan.FromMinutes(minutes))));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(24.01)]
    public void End_after_start_and_at_most_24_hours(double hours) => Assert.Contains("endsAt", Fields(Draft(hours: hours)));

    [Fact]
    public void A_24_hour_shift_is_allowed() => Assert.Empty(Fields(Draft(hours: 24)));

    [Theory]
    [InlineData(10_029, PayKind.PerHour, 4, false)]
    [InlineData(10_030, PayKind.PerHour, 4, true)]
    [InlineData(40_119, PayKind.PerShift, 4, false)]
    [InlineData(40_120, PayKind.PerShift, 4, true)]
    public void Pay_meets_the_minimum_wage_per_hour_or_spread_over_the_shift(long pay, PayKind kind, double hours, bool ok) =>
        Assert.Equal(ok, !Fields(Draft(pay: pay, kind: kind, hours: hours)).Contains("pay.amountKrw"));

    [Fact]
    public void The_minimum_wage_is_configurable()
    {
        var errors = JobRules.Validate(Draft(pay: 12_000), Now, minimumHourlyWage: 12_001);
        Assert.Contains(errors, e => e.Field == "pay.amountKrw");
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(500, true)]
    [InlineData(501, false)]
    public void Headcount_is_1_to_500(int headcount, bool ok) =>
        Assert.Equal(ok, !Fields(Draft(headcount: headcount)).Contains("headcount"));

    [Theory]
    [InlineData(90.1, 0)]
    [InlineData(-90.1, 0)]
    [InlineData(0, 180.1)]
    [InlineData(0, -181)]
    [InlineData(double.NaN, 0)]
    public void Coordinates_must_be_valid(double lat, double lon) => Assert.Contains("location", Fields(Draft(lat: lat, lon: lon)));

    [Fact]
    public void Geo_blocks_cover_every_point_within_the_radius()
    {
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var center = new GeoPoint((random.NextDouble() * 160) - 80, (random.NextDouble() * 358) - 179);
            var radiusKm = 0.1 + (random.NextDouble() * 29.9);
            var covered = Covered(center, radiusKm);
            // A point on the circle in a random direction is in one of the covering blocks.
            var bearing = random.NextDouble() * 2 * Math.PI;
            var dLat = radiusKm * 0.999 / 111.32 * Math.Cos(bearing);
            var dLon = radiusKm * 0.999 / (111.32 * Math.Cos(double.DegreesToRadians(center.Latitude))) * Math.Sin(bearing);
            var edge = new GeoPoint(center.Latitude + dLat, center.Longitude + dLon);
            Assert.True(center.DistanceMetersTo(edge) <= radiusKm * 1000 * 1.01);
            Assert.True(covered.ContainsKey((GeoGrid.CellOf(edge.Latitude, edge.Longitude), GeoGrid.BlockOf(edge.Latitude, edge.Longitude))));
        }
    }

    [Fact]
    public void A_blocks_distance_bound_never_exceeds_the_distance_to_a_point_in_it()
    {
        var random = new Random(11);
        for (var i = 0; i < 300; i++)
        {
            var center = new GeoPoint((random.NextDouble() * 140) - 70, (random.NextDouble() * 350) - 175);
            var radiusKm = 0.5 + (random.NextDouble() * 10);
            var blocks = GeoGrid.Cover(center, radiusKm)!.Blocks;
            Assert.Equal(blocks.Select(b => b.MinDistanceMeters).Order(), blocks.Select(b => b.MinDistanceMeters));
            var bounds = Covered(center, radiusKm);
            for (var j = 0; j < 20; j++)
            {
                var point = new GeoPoint(
                    center.Latitude + ((random.NextDouble() - 0.5) * radiusKm / 60), center.Longitude + ((random.NextDouble() - 0.5) * radiusKm / 60));
                var distance = GeoPoint.ApproxDistanceMeters(center.Latitude, center.Longitude, point.Latitude, point.Longitude);
                if (distance <= radiusKm * 1000)
                {
                    Assert.True(bounds[(GeoGrid.CellOf(point.Latitude, point.Longitude), GeoGrid.BlockOf(point.Latitude, point.Longitude))] <= distance);
                }
            }
        }
    }

    [Fact]
    public void A_cell_snapshot_groups_its_entries_by_block_best_paid_first()
    {
        var random = new Random(5);
        var entries = Enumerable.Range(0, 400).Select(_ =>
        {
            var pay = 10_030 + (random.Next(20) * 500);
            return new JobSearchEntry(
                Guid.NewGuid(), 1, "t", "c", 37.50 + (random.NextDouble() * 0.05), 127.00 + (random.NextDouble() * 0.05), "a",
                DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, new JobPay(pay, PayKind.PerHour), pay, 1);
        }).ToList();
        var snapshot = CellSnapshot.Create(3, entries);

        Assert.Equal(entries.Count, snapshot.Entries.Length);
        Assert.Equal(entries.Count, Enumerable.Range(0, GeoGrid.BlocksPerCell).Sum(b => snapshot.Block(b).Length));
        for (var b = 0; b < GeoGrid.BlocksPerCell; b++)
        {
            var block = snapshot.Block(b).ToArray();
            Assert.All(block, entry => Assert.Equal(b, GeoGrid.BlockOf(entry.Latitude, entry.Longitude)));
            // Recommendations stop reading a block at the first job paying too little: the order is theirs to rely on.
            Assert.Equal(block.OrderByDescending(e => e.HourlyKrw).ThenBy(e => e.JobId), block);
        }
    }

    private static Dictionary<(string Cell, int Block), double> Covered(GeoPoint center, double radiusKm)
    {
        var cover = GeoGrid.Cover(center, radiusKm)!;
        return cover.Blocks.ToDictionary(b => (cover.Cells[b.Cell], b.Block), b => b.MinDistanceMeters);
    }

    [Fact]
    public void Search_cursor_round_trips_and_rejects_garbage()
    {
        var cursor = new JobSearchCursor(1234.5678901234, Guid.NewGuid());
        Assert.True(JobSearchCursor.TryParse(cursor.Format(), out var parsed));
        Assert.Equal(cursor, parsed);
        Assert.False(JobSearchCursor.TryParse("not-a-cursor", out _));
        Assert.False(JobSearchCursor.TryParse("", out _));
    }

    [Theory]
    [InlineData("night-market", "Night market", true)]
    [InlineData("0123456789012345678901234567890123456789", "Forty", true)]
    [InlineData("01234567890123456789012345678901234567890", "Forty-one", false)]
    [InlineData("Bad Code", "Bad", false)]
    [InlineData("", "Empty", false)]
    [InlineData("cafe", " ", false)]
    public void A_category_code_is_url_safe_and_its_name_short(string code, string name, bool ok)
    {
        FieldError[] expected = ok ? [] : [new FieldError("code", "Codes are 1-40 lower-case letters, digits or dashes; names 1-80 characters.")];
        Assert.Equal(expected, JobRules.Validate(new JobCategory(code, name)));
    }

    [Fact]
    public void A_category_name_is_at_most_80_characters()
    {
        Assert.Empty(JobRules.Validate(new JobCategory("cafe", new string('n', 80))));
        Assert.NotEmpty(JobRules.Validate(new JobCategory("cafe", new string('n', 81))));
    }

    [Fact]
    public void A_keyed_post_names_one_job_per_employer_and_key()
    {
        var employer = Guid.Parse("3f2c1e9a-8b7d-4c6e-9a5b-1d2e3f4a5b6c");

        // Pinned: a retry sent across a deployment must still name the job its first attempt posted.
        Assert.Equal(Guid.Parse("db120496-3244-f45a-2298-ed4c550b0254"), JobRules.IdFor(employer, "retry-1"));
        Assert.Equal(Guid.Parse("9f0ea5b1-8823-5c7f-87ee-4207370e0488"), JobRules.IdFor(employer, "retry-2"));
        Assert.NotEqual(JobRules.IdFor(employer, "retry-1"), JobRules.IdFor(Guid.Parse("00000000-0000-0000-0000-000000000001"), "retry-1"));
    }
}
