using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OneDay.Testing;

namespace OneDay.Bench.Prepare;

/// <summary>
/// One-worker shifts through the real API, as the payments scenarios need them: employers funded by real top-ups
/// (start, approve at the sandbox's checkout, confirm), then per shift a job, its worker's application, and up to the
/// acceptance (the pay held in escrow), check-in and check-out. Workers and employers are tokens signed for the run,
/// with no account behind them, as in jobs-apply. Parallel on the runner's 16 keep-alive connections, and stopped
/// at the first failures rather than after every shift failed the same way.
/// </summary>
internal sealed class Shifts(HttpClient http, Uri baseUrl, string signingKey, CancellationToken cancellationToken)
{
    /// <summary>
    /// A 4-hour shift paying 200,000 KRW: the escrow holds 220,000 with the 10% fee, and its settlement withholds
    /// 1,485 (the wage is above the daily deduction), so the release posts to the worker, the revenue and the tax.
    /// </summary>
    public const long Wage = 200_000;

    public const long Held = 220_000;

    /// <summary>Well under the cap on an employer's open jobs (OneDay:Jobs:MaxOpenJobsPerEmployer, 200).</summary>
    public const int JobsPerEmployer = 100;

    private const long MaxTopUpKrw = 5_000_000;
    private const int Parallelism = 16;
    private const int MaxFailures = 5;
    private static readonly TimeSpan ShiftLength = TimeSpan.FromHours(4);
    private static readonly string[] Categories = ["cafe", "event", "warehouse", "delivery", "retail"];

    public enum Stage
    {
        /// <summary>The worker's application is pending.</summary>
        Applied,

        /// <summary>Accepted, checked in and checked out: the employer may confirm once the shift has started.</summary>
        CheckedOut,
    }

    /// <param name="Employer">The employer's index in <see cref="EmployerTokens"/>.</param>
    public sealed record Shift(string JobId, Guid WorkerId, int Employer, DateTimeOffset StartsAt);

    private readonly List<string> _employerTokens = [];

    public IReadOnlyList<string> EmployerTokens => _employerTokens;

    private int _topUps;

    /// <summary>How many top-ups the funding made.</summary>
    public int TopUps => _topUps;

    /// <summary>
    /// Signs enough employers for COUNT shifts and funds each for its share (shift i is employer i mod E's, so
    /// consecutive shifts belong to different employers), in top-ups of at most 5,000,000 KRW.
    /// </summary>
    public async Task FundEmployersAsync(int count)
    {
        var employers = (count + JobsPerEmployer - 1) / JobsPerEmployer;
        _employerTokens.AddRange(Enumerable.Range(0, employers).Select(_ => BenchTokens.Sign(signingKey, ["employer"], 240)));
        var each = (long)((count + employers - 1) / employers) * Held;
        var began = DateTime.UtcNow;
        await RunAsync(employers, "funding employers", async (e, ct) =>
        {
            var n = 0;
            for (var left = each; left > 0; left -= MaxTopUpKrw, n++)
            {
                var amountKrw = Math.Min(left, MaxTopUpKrw);
                var token = _employerTokens[e];
                var started = await SendAsync(HttpMethod.Post, "/api/payments/top-ups", token, new { amountKrw }, 201, ct, $"bench-top-up-{e}-{n}");
                var orderId = started.GetProperty("orderId").GetString();
                var approved = await SendAsync(HttpMethod.Post, $"/api/payments/sandbox/payments/{orderId}/approve", token, new { }, 200, ct);
                var paymentKey = approved.GetProperty("paymentKey").GetString();
                await SendAsync(HttpMethod.Post, $"/api/payments/top-ups/{orderId}/confirm", token, new { paymentKey, amountKrw }, 200, ct);
            }

            Interlocked.Add(ref _topUps, n);
        });
        Console.WriteLine($"      funded {employers} employers with {each} KRW each in {TopUps} top-ups, {Inv.F((DateTime.UtcNow - began).TotalSeconds, 1)} s");
    }

    /// <summary>COUNT shifts brought to STAGE, after <see cref="FundEmployersAsync"/>.</summary>
    /// <param name="startsAt">Shift i's start, asked when its job is posted.</param>
    /// <returns>The shifts, in order.</returns>
    public async Task<Shift[]> PrepareAsync(int count, Stage stage, Func<int, DateTimeOffset> startsAt)
    {
        var shifts = new Shift[count];
        var began = DateTime.UtcNow;
        await RunAsync(count, "preparing shifts", async (i, ct) =>
        {
            var employer = i % _employerTokens.Count;
            var token = _employerTokens[employer];
            var rng = new Random(i);
            var (latitude, longitude) = JobSeeder.Location(rng);
            var start = startsAt(i);
            var job = await SendAsync(HttpMethod.Post, "/api/jobs", token, new
            {
                title = $"Bench shift {i}",
                description = "Prepared for the payments benchmarks.",
                category = Categories[rng.Next(Categories.Length)],
                location = new { latitude, longitude, address = "Prepared" },
                startsAt = Iso(start),
                endsAt = Iso(start + ShiftLength),
                pay = new { amountKrw = Wage, kind = "perShift" },
                headcount = 1,
                requiredSkills = Array.Empty<string>(),
                checkInRadiusMeters = 200,
            }, 201, ct);
            var id = job.GetProperty("id").GetString()!;
            var workerId = Guid.NewGuid();
            var worker = BenchTokens.Sign(signingKey, ["worker"], 240, workerId);
            await SendAsync(HttpMethod.Post, $"/api/jobs/{id}/applications", worker, null, 201, ct);
            if (stage == Stage.CheckedOut)
            {
                var onSite = new { latitude, longitude };
                await StatusAsync(HttpMethod.Post, $"/api/jobs/{id}/applications/{workerId}/accept", token, null, "accepted", ct);
                await StatusAsync(HttpMethod.Post, $"/api/jobs/{id}/check-in", worker, onSite, "checkedIn", ct);
                await StatusAsync(HttpMethod.Post, $"/api/jobs/{id}/check-out", worker, onSite, "checkedOut", ct);
            }

            shifts[i] = new Shift(id, workerId, employer, start);
        });
        var elapsed = (DateTime.UtcNow - began).TotalSeconds;
        Console.WriteLine($"      prepared {count} shifts ({stage}) in {Inv.F(elapsed, 1)} s ({Inv.F(count / Math.Max(elapsed, 1e-3), 0)}/s)");
        return shifts;
    }

    /// <summary>
    /// Once every shift's start has passed, reads each job, which starts it if its lifecycle reminder has not yet,
    /// and requires it to be in progress: only then may its employer confirm it.
    /// </summary>
    public async Task StartAsync(IReadOnlyList<Shift> shifts)
    {
        var last = shifts.Max(s => s.StartsAt);
        var wait = last - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(2);
        if (wait > TimeSpan.Zero)
        {
            Console.WriteLine($"      waiting {Inv.F(wait.TotalSeconds, 0)} s for the last shift to start");
            await Task.Delay(wait, cancellationToken);
        }

        await RunAsync(shifts.Count, "starting shifts", async (i, ct) =>
        {
            var shift = shifts[i];
            var job = await SendAsync(HttpMethod.Get, $"/api/jobs/{shift.JobId}", _employerTokens[shift.Employer], null, 200, ct);
            var status = job.GetProperty("status").GetString();
            if (status != "inProgress")
            {
                throw new InvalidOperationException($"job {shift.JobId} is {status} after its start, not inProgress");
            }
        });
    }

    /// <summary>STEP for 0..COUNT-1, 16 at a time, with a line of progress every tenth; throws with the first failures.</summary>
    private async Task RunAsync(int count, string what, Func<int, CancellationToken, Task> step)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var failures = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var done = 0;
        var began = DateTime.UtcNow;
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = stop.Token };
        try
        {
            await Parallel.ForEachAsync(Enumerable.Range(0, count), options, async (i, ct) =>
            {
                try
                {
                    await step(i, ct);
                }
                catch (Exception ex) when (ex is InvalidOperationException or HttpRequestException or JsonException or KeyNotFoundException
                    || (ex is TaskCanceledException && !stop.IsCancellationRequested))
                {
                    failures.Enqueue($"{what} #{i}: {ex.Message}");
                    if (failures.Count >= MaxFailures)
                    {
                        await stop.CancelAsync();
                    }

                    return;
                }

                var n = Interlocked.Increment(ref done);
                if (count >= 1000 && n % (count / 10) == 0)
                {
                    var elapsed = (DateTime.UtcNow - began).TotalSeconds;
                    Console.WriteLine($"      {what}: {n}/{count} in {Inv.F(elapsed, 0)} s ({Inv.F(n / Math.Max(elapsed, 1e-3), 0)}/s)");
                }
            });
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Stopped by the failures below.
        }

        if (!failures.IsEmpty)
        {
            throw new InvalidOperationException($"{what} failed ({failures.Count} failures before stopping): " + string.Join("; ", failures.Take(3)));
        }
    }

    /// <summary>An application-changing POST that must answer 200 with the application in STATUS.</summary>
    private async Task StatusAsync(HttpMethod method, string path, string token, object? body, string status, CancellationToken ct)
    {
        var application = await SendAsync(method, path, token, body, 200, ct);
        if (application.GetProperty("status").GetString() != status)
        {
            throw new InvalidOperationException($"{method} {path} answered 200 with the application {application.GetProperty("status").GetString()}, not {status}");
        }
    }

    private async Task<JsonElement> SendAsync(
        HttpMethod method, string path, string token, object? body, int expected, CancellationToken ct, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(baseUrl, path));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        if ((int)response.StatusCode != expected)
        {
            throw new InvalidOperationException($"{method} {path} answered {(int)response.StatusCode}: {text[..Math.Min(text.Length, 300)]}");
        }

        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
