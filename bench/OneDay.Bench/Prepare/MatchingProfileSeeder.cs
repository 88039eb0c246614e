using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using OneDay.Bench.Scenarios;
using OneDay.Testing;
using OneDay.Testing.Matching;

namespace OneDay.Bench.Prepare;

/// <summary>Saves the matching profiles of a synthetic city's workers through the real API, 16 at a time.</summary>
internal static class MatchingProfileSeeder
{
    private const int Parallelism = 16;

    /// <returns>A token for each worker whose profile was saved, signed for the run.</returns>
    public static async Task<List<string>> SeedAsync(PrepareContext context, int count)
    {
        var workers = new SyntheticCity(seed: 21).Workers(count);
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
        return [.. tokens];
    }

    private static string Clock(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";
}
