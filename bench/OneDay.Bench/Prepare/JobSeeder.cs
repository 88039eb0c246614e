using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OneDay.Testing;

namespace OneDay.Bench.Prepare;

/// <summary>A seeded job, who posted it (their token) and where.</summary>
internal sealed record SeededJob(string Id, string EmployerToken, double Latitude, double Longitude);

/// <summary>Posts open jobs through the real API on 16 keep-alive connections, as employers with tokens signed for the run.</summary>
internal static class JobSeeder
{
    private static readonly string[] Categories = ["cafe", "event", "warehouse", "delivery", "retail"];
    private static readonly int[] ShiftHours = [3, 4, 6, 8];

    /// <param name="daysAhead">Shifts start this many days ahead, spread over the following two weeks.</param>
    /// <param name="headcount">Each job's headcount; by default 1-5 at random.</param>
    /// <returns>The ids of the jobs posted.</returns>
    public static async Task<List<string>> SeedAsync(
        HttpClient http, Uri baseUrl, string signingKey, int count, CancellationToken cancellationToken, int daysAhead = 2, int? headcount = null) =>
        [.. (await SeedJobsAsync(http, baseUrl, signingKey, count, cancellationToken, daysAhead, headcount)).Select(j => j.Id)];

    /// <inheritdoc cref="SeedAsync"/>
    public static async Task<List<SeededJob>> SeedJobsAsync(
        HttpClient http, Uri baseUrl, string signingKey, int count, CancellationToken cancellationToken, int daysAhead = 2, int? headcount = null)
    {
        // At most 100 jobs per employer: the app caps an employer's open jobs (OneDay:Jobs:MaxOpenJobsPerEmployer, 200).
        var employers = Enumerable.Range(0, Math.Max(64, (count + 99) / 100)).Select(_ => BenchTokens.Sign(signingKey, ["employer"], 240)).ToArray();
        var start = DateTimeOffset.UtcNow.AddDays(daysAhead);
        var ids = new ConcurrentBag<SeededJob>();
        var failures = new ConcurrentQueue<string>();
        var began = DateTime.UtcNow;
        var options = new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, count), options, async (i, ct) =>
        {
            var rng = new Random(i);
            var (lat, lon) = Location(rng);
            var begins = start.AddMinutes(rng.Next(0, 14 * 24 * 2) * 30);
            var body = new
            {
                title = $"Bench job {i}",
                description = "Seeded for the benchmarks.",
                category = Categories[rng.Next(Categories.Length)],
                location = new { latitude = lat, longitude = lon, address = "Seeded" },
                startsAt = Iso(begins),
                endsAt = Iso(begins.AddHours(ShiftHours[rng.Next(ShiftHours.Length)])),
                pay = new { amountKrw = 10_030 + rng.Next(0, (20_000 - 10_030) / 10) * 10, kind = "perHour" },
                headcount = headcount ?? rng.Next(1, 6),
                requiredSkills = Array.Empty<string>(),
                checkInRadiusMeters = 200,
            };
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUrl, "/api/jobs"))
            {
                Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
            };
            var employer = employers[i % employers.Length];
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", employer);
            using var response = await http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if ((int)response.StatusCode != 201)
            {
                failures.Enqueue($"{(int)response.StatusCode} {text[..Math.Min(text.Length, 200)]}");
            }
            else
            {
                ids.Add(new SeededJob(JsonDocument.Parse(text).RootElement.GetProperty("id").GetString()!, employer, lat, lon));
            }
        });
        var elapsed = (DateTime.UtcNow - began).TotalSeconds;
        Console.WriteLine($"      seeded {count - failures.Count} jobs in {Inv.F(elapsed, 1)} s ({Inv.F(count / Math.Max(elapsed, 1e-3), 0)}/s), {failures.Count} failed");
        if (!failures.IsEmpty || ids.IsEmpty)
        {
            throw new InvalidOperationException("seeding jobs failed: " + string.Join("; ", failures.Take(3)));
        }

        return [.. ids];
    }

    /// <summary>Half the jobs in the Seoul metropolitan area, half anywhere in South Korea's bounding box: a city dense
    /// enough to make cells crowded, and a country's worth of sparse ones.</summary>
    internal static (double Lat, double Lon) Location(Random rng) =>
        rng.NextDouble() < 0.5
            ? (37.40 + rng.NextDouble() * 0.30, 126.80 + rng.NextDouble() * 0.40)
            : (34.50 + rng.NextDouble() * 4.0, 126.00 + rng.NextDouble() * 3.5);

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
