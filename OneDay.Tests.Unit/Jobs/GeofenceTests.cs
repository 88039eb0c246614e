using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Jobs;

namespace OneDay.Tests.Unit.Jobs;

public sealed class GeofenceTests
{
    private static readonly JobLocation Site = new(37.5665, 126.9780, "Seoul");

    // About 250 m north of the site.
    private static ReportedPosition At(double? accuracy = null, double metersNorth = 250) =>
        new(Site.Latitude + (metersNorth / GeoPoint.MetersPerDegreeLatitude), Site.Longitude, accuracy);

    [Fact]
    public void A_job_with_a_location_needs_a_position()
    {
        Assert.Equal(GeofenceVerdict.Missing, Geofence.Check(Site, 200, null).Verdict);
        Assert.Equal(GeofenceVerdict.Inside, Geofence.Check(null, 200, null).Verdict);
    }

    [Theory]
    [InlineData(null, GeofenceVerdict.Outside)]
    [InlineData(0.0, GeofenceVerdict.Outside)]
    [InlineData(49.0, GeofenceVerdict.Outside)]
    [InlineData(51.0, GeofenceVerdict.Inside)]
    [InlineData(100.0, GeofenceVerdict.Inside)]
    public void The_reported_accuracy_counts_for_the_worker(double? accuracy, GeofenceVerdict expected)
    {
        var (verdict, distance) = Geofence.Check(Site, 200, At(accuracy));
        Assert.Equal(expected, verdict);
        Assert.InRange(distance, 249.9, 250.1);
    }

    [Theory]
    [InlineData(200, 5000.0, 301, GeofenceVerdict.Outside)] // at most 100 m of accuracy counts
    [InlineData(200, 5000.0, 299, GeofenceVerdict.Inside)]
    [InlineData(20, 5000.0, 41, GeofenceVerdict.Outside)]   // and never more than the radius again
    [InlineData(20, 5000.0, 39, GeofenceVerdict.Inside)]
    public void The_accuracy_allowance_is_capped(int radius, double accuracy, double metersNorth, GeofenceVerdict expected) =>
        Assert.Equal(expected, Geofence.Check(Site, radius, At(accuracy, metersNorth)).Verdict);

    [Theory]
    [InlineData(91, 0, null)]
    [InlineData(double.NaN, 0, null)]
    [InlineData(37.5665, 126.978, -1.0)]
    [InlineData(37.5665, 126.978, double.PositiveInfinity)]
    public void A_position_that_is_not_a_coordinate_or_an_accuracy_is_invalid(double lat, double lon, double? accuracy) =>
        Assert.Equal(GeofenceVerdict.Invalid, Geofence.Check(Site, 200, new ReportedPosition(lat, lon, accuracy)).Verdict);

    [Fact]
    public void On_site_without_an_accuracy_is_inside()
    {
        Assert.Equal(GeofenceVerdict.Inside, Geofence.Check(Site, 200, At(metersNorth: 199)).Verdict);
        Assert.Equal(200, Geofence.AllowedMeters(200, null));
        Assert.Equal(300, Geofence.AllowedMeters(200, 1e9));
    }
}
