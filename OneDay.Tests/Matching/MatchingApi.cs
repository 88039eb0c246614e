using System.Net;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;

namespace OneDay.Tests.Matching;

/// <summary>What matching's tests share: shifts on a weekday in Korea's time, and profiles around a place.</summary>
public static class MatchingApi
{
    public const double KmOfLatitude = 1 / 111.2;
    private static readonly TimeSpan Kst = TimeSpan.FromHours(9);

    /// <summary>The first Tuesday at least two days after the tests' job clock, at the hour in Korea Standard Time.</summary>
    public static DateTimeOffset NextTuesdayAt(int hour)
    {
        var day = JobsTestHooks.Now.ToOffset(Kst).Date.AddDays(2);
        while (day.DayOfWeek != DayOfWeek.Tuesday)
        {
            day = day.AddDays(1);
        }

        return new DateTimeOffset(day.AddHours(hour), Kst);
    }

    /// <summary>An espresso-making worker free on Tuesdays 09:00-18:00.</summary>
    public static Dictionary<string, object?> Profile(double latitude, double longitude, double maxTravelKm = 5, long minimumPay = 12_000, int level = 4) => new()
    {
        ["skills"] = new[] { new { name = "espresso", level } },
        ["preferredCategories"] = new[] { "cafe" },
        ["home"] = new { latitude, longitude },
        ["maxTravelKm"] = maxTravelKm,
        ["availability"] = new[] { new { day = "tuesday", start = "09:00", end = "18:00" } },
        ["minimumHourlyPayKrw"] = minimumPay,
        ["languages"] = new[] { "ko" },
    };

    public static async Task<ApiUser> WorkerWithProfile(ClusterFixture fixture, Dictionary<string, object?> profile)
    {
        var worker = ApiUser.Create(fixture, "worker");
        await (await worker.Put("/api/matching/profile", profile)).Json(HttpStatusCode.OK);
        return worker;
    }

    /// <summary>The user's notifications of one kind, newest first.</summary>
    public static async Task<List<System.Text.Json.JsonElement>> Notifications(this ApiUser user, string kind)
    {
        var page = await (await user.Get("/api/communication/notifications?limit=100")).Json(HttpStatusCode.OK);
        return [.. page.GetProperty("items").EnumerateArray().Where(n => n.GetProperty("kind").GetString() == kind)];
    }
}
