using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OneDay.Bench.Scenarios;
using OneDay.Testing;

namespace OneDay.Bench.Prepare;

/// <summary>
/// Measures JobCreated -> "new job near you" stored, from outside, while the app is under load: every
/// <see cref="Every"/> a new worker saves a profile at one of a few remote spots (far from the seeded jobs), a job is
/// posted there, and the worker's inbox is polled until the job's job-nearby notification is in it. The time from the
/// job's 201 to the first listing that shows it is one sample (it overstates by up to a poll's interval and time).
/// </summary>
internal sealed class AlertProbe(PrepareContext context)
{
    private static readonly TimeSpan Every = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);

    /// <summary>Open ocean and empty land, far from Korea and from each other: each probe's worker is alone with a few earlier ones.</summary>
    private static readonly (double Latitude, double Longitude)[] Spots =
        [(-30, -140), (-20, -120), (-10, -150), (0, -130), (10, -160), (20, -170), (-40, -100), (-35, 170), (-25, 160), (5, 165)];

    private static readonly object[] Skills = [new { name = "cashier", level = 3 }];
    private static readonly string[] Categories = ["retail"];
    private static readonly string[] Languages = ["ko"];
    private static readonly string[] RequiredSkills = ["cashier"];
    private static readonly object[] AllWeek = [.. Enum.GetNames<DayOfWeek>().Select(d => new { day = d.ToLowerInvariant(), start = "00:00", end = "24:00" })];

    private readonly ConcurrentBag<double> _latencies = [];
    private readonly List<Task> _probes = [];
    private volatile bool _stopping;
    private int _timeouts;
    private int _failures;
    private Task? _loop;

    public void Start() => _loop = Task.Run(LoopAsync);

    public async Task<(IReadOnlyList<double> LatenciesMs, int Timeouts, int Failures)> StopAsync()
    {
        _stopping = true;
        if (_loop is not null)
        {
            await _loop;
        }

        await Task.WhenAll(_probes);
        return ([.. _latencies.Order()], _timeouts, _failures);
    }

    private async Task LoopAsync()
    {
        var employer = "";
        for (var i = 0; !_stopping; i++)
        {
            // Each employer posts at most 100 jobs: the app caps an employer's open jobs.
            if (i % 100 == 0)
            {
                employer = BenchTokens.Sign(context.SigningKey, ["employer"], 240);
            }

            _probes.Add(ProbeAsync(Spots[i % Spots.Length], employer));
            await Task.Delay(Every);
        }
    }

    private async Task ProbeAsync((double Latitude, double Longitude) spot, string employer)
    {
        try
        {
            var workerId = Guid.NewGuid();
            var worker = BenchTokens.Sign(context.SigningKey, ["worker"], 240, workerId);
            await SendAsync(HttpMethod.Put, "/api/matching/profile", worker, new
            {
                skills = Skills,
                preferredCategories = Categories,
                home = new { latitude = spot.Latitude, longitude = spot.Longitude },
                maxTravelKm = 5,
                availability = AllWeek,
                minimumHourlyPayKrw = 0,
                languages = Languages,
            });
            var start = DateTimeOffset.UtcNow.AddDays(3);
            var posted = await SendAsync(HttpMethod.Post, "/api/jobs", employer, new
            {
                title = "Alert probe",
                description = "Posted to time the new-job alert.",
                category = "retail",
                location = new { latitude = spot.Latitude, longitude = spot.Longitude, address = "Probe" },
                startsAt = start.UtcDateTime,
                endsAt = start.AddHours(4).UtcDateTime,
                pay = new { amountKrw = 15_000, kind = "perHour" },
                headcount = 1,
                requiredSkills = RequiredSkills,
                checkInRadiusMeters = 200,
            });
            var clock = Stopwatch.StartNew();
            var jobId = posted.GetProperty("id").GetString();
            while (clock.Elapsed < GiveUpAfter)
            {
                var page = await SendAsync(HttpMethod.Get, "/api/communication/notifications", worker, null);
                if (page.GetProperty("items").EnumerateArray().Any(n => n.GetProperty("kind").GetString() == "job-nearby" && n.GetProperty("jobId").GetString() == jobId))
                {
                    _latencies.Add(clock.Elapsed.TotalMilliseconds);
                    return;
                }

                await Task.Delay(PollEvery);
            }

            Interlocked.Increment(ref _timeouts);
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException or JsonException)
        {
            Interlocked.Increment(ref _failures);
        }
    }

    private async Task<JsonElement> SendAsync(HttpMethod method, string path, string token, object? body)
    {
        using var request = new HttpRequestMessage(method, new Uri(context.BaseUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await context.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonDocument.Parse(text).RootElement.Clone()
            : throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text[..Math.Min(text.Length, 200)]}");
    }
}
