using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using OneDay.Bench.Prepare;
using OneDay.Testing;
using OneDay.Testing.Matching;

namespace OneDay.Bench.Scenarios;

/// <summary>
/// GET /api/matching/recommendations (embedded) for workers of a synthetic city, over the seeded open jobs: each
/// request reads one worker's profile, schedule and blocks and scores every open job in the geo cells within their
/// travel distance. Issue 21's target: >= 5,000/s with p99 <= 20 ms at 100,000 open jobs and 50,000 profiles.
/// </summary>
internal sealed class MatchingRecommendations : Scenario
{
    private const int Parallelism = 16;

    public override string Name => "matching-recommendations";
    public override string Description => "a worker's recommendations over the seeded open jobs (BENCH_JOBS_SEED 100000, BENCH_MATCHING_WORKERS 50000)";
    public override string Path => "/api/matching/recommendations";
    public override string? Lua => "matching-recommendations.lua";
    public override BaselineKind Baseline => BaselineKind.None;
    public override double? TargetRps => 5_000;
    public override double? TargetP99Ms => 20;

    // As jobs-search: the warm-up outlasts the collection of the seeding's idle stream consumers.
    public override int? WarmupMin => 210;

    public override bool SignsOwnTokens => true;

    public override async Task PrepareAsync(PrepareContext context)
    {
        await JobSeeder.SeedAsync(context.Http, context.BaseUrl, context.SigningKey, Running.BenchSettings.Int("BENCH_JOBS_SEED", 100_000), context.Cancellation);
        var workers = new SyntheticCity(seed: 21).Workers(Running.BenchSettings.Int("BENCH_MATCHING_WORKERS", 50_000));
        var tokens = new ConcurrentQueue<string>();
        var failures = 0;
        var began = DateTime.UtcNow;
        await Parallel.ForEachAsync(workers, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = context.Cancellation }, async (worker, ct) =>
        {
            var token = BenchTokens.Sign(context.SigningKey, ["worker"], 240, worker.WorkerId);
            var p = worker.Profile;
            using var request = new HttpRequestMessage(HttpMethod.Put, new Uri(context.BaseUrl, "/api/matching/profile"))
            {
                Content = JsonContent.Create(new
                {
                    skills = p.Skills.Select(s => new { name = s.Name, level = s.Level }),
                    preferredCategories = p.PreferredCategories,
                    home = new { latitude = p.Home.Latitude, longitude = p.Home.Longitude },
                    maxTravelKm = p.MaxTravelKm,
                    availability = p.Availability.Select(w => new { day = w.Day.ToString().ToLowerInvariant(), start = Clock(w.StartMinute), end = Clock(w.EndMinute) }),
                    minimumHourlyPayKrw = p.MinimumHourlyPayKrw,
                    languages = p.Languages,
                }),
            };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await context.Http.SendAsync(request, ct);
            if (response.IsSuccessStatusCode)
            {
                tokens.Enqueue(token);
            }
            else if (Interlocked.Increment(ref failures) > 5)
            {
                throw new InvalidOperationException($"saving a matching profile answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
            }
        });
        Console.WriteLine($"      saved {tokens.Count} matching profiles in {Inv.F((DateTime.UtcNow - began).TotalSeconds, 1)} s");
        var directory = System.IO.Path.Combine(context.RunDirectory, "matching");
        Directory.CreateDirectory(directory);
        await File.WriteAllLinesAsync(System.IO.Path.Combine(directory, "tokens.txt"), tokens, context.Cancellation);
        context.Exports["BENCH_MATCHING_DIR"] = directory;
    }

    private static string Clock(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";
}
