using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using OneDay.Grains.Interfaces.Communication;

namespace OneDay.Testing.Load;

/// <param name="Workers">Accounts applying, editing their profiles and chatting.</param>
/// <param name="Employers">Accounts posting jobs.</param>
/// <param name="JobsPerEmployer">Jobs each employer posts before the load starts.</param>
public sealed record WorkloadOptions(int Workers = 40, int Employers = 8, int JobsPerEmployer = 3, int Seed = 7);

/// <summary>
/// What the platform's users do, mixed as a day's traffic is: mostly searches and reads, then profile edits, job
/// posts, applications, chat messages, and shifts worked and paid from posting to settlement (<see cref="ShiftFlows"/>).
/// Every write answered 2xx is remembered (<see cref="Acknowledged"/>) for the
/// checks after the run. <see cref="Next"/> is called by one thread, the driver's.
/// </summary>
public sealed class MixedWorkload
{
    /// <summary>Operation names and their share of the requests.</summary>
    public static readonly IReadOnlyList<(string Operation, int Weight)> Mix =
    [
        ("search", 27), ("job", 17), ("profile", 15), ("edit", 10), ("post", 8), ("apply", 10), ("chat", 7), ("shift", 6),
    ];

    private static readonly int TotalWeight = Mix.Sum(m => m.Weight);
    private static readonly string[] Skills = ["barista"];
    private static readonly string[] RequiredSkills = ["espresso"];

    private readonly GatewayPool _gateways;
    private readonly IReadOnlyList<LoadAccount> _workers;
    private readonly IReadOnlyList<LoadAccount> _employers;
    private readonly Random _random;
    private readonly DateTimeOffset _firstShift;
    private readonly HashSet<(Guid Job, Guid Worker)> _applied = [];
    private readonly int[] _editing;
    private readonly ShiftFlows _shiftFlows;
    private int _shifts;

    private MixedWorkload(
        GatewayPool gateways, IReadOnlyList<LoadAccount> workers, IReadOnlyList<LoadAccount> employers, IReadOnlyList<LoadAccount> shiftEmployers, int seed)
    {
        _gateways = gateways;
        _workers = workers;
        _employers = employers;
        _random = new Random(seed);
        _editing = new int[workers.Count];
        _firstShift = DateTimeOffset.UtcNow.Date.AddDays(3);
        _shiftFlows = new ShiftFlows(gateways, workers, shiftEmployers, Acknowledged);
    }

    public AcknowledgedWrites Acknowledged { get; } = new();

    /// <summary>Registers the accounts and posts the first jobs, through the pool's gateways.</summary>
    public static async Task<MixedWorkload> PrepareAsync(GatewayPool gateways, WorkloadOptions options, CancellationToken cancellationToken)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var workers = await WorkloadAccounts.RegisterAsync(gateways.Next(), "worker", options.Workers, run, cancellationToken);
        var employers = await WorkloadAccounts.RegisterAsync(gateways.Next(), "employer", options.Employers, run, cancellationToken);
        // Employers of their own, so the shifts go on once the job posts have filled the others' caps on open jobs.
        var shiftEmployers = await WorkloadAccounts.RegisterAsync(gateways.Next(), "employer", Math.Max(2, options.Employers / 4), run + "-shifts", cancellationToken);
        var workload = new MixedWorkload(gateways, workers, employers, shiftEmployers, options.Seed);
        foreach (var employer in employers)
        {
            for (var i = 0; i < options.JobsPerEmployer; i++)
            {
                var status = await workload.PostJobAsync(employer, cancellationToken);
                if (status != (int)HttpStatusCode.Created)
                {
                    throw new InvalidOperationException($"Posting the first jobs answered {status}.");
                }
            }
        }

        return workload;
    }

    public WorkItem Next(long n)
    {
        var pick = _random.Next(TotalWeight);
        var operation = Mix.First(m => (pick -= m.Weight) < 0).Operation;
        var worker = _random.Next(_workers.Count);
        return operation switch
        {
            "search" => Get("search", Search(), _workers[worker]),
            "job" => Get("job", $"/api/jobs/{AnyJob()}", _workers[worker]),
            "profile" => Get("profile", "/api/users/me", _workers[worker]),
            "edit" => Edit(worker, n),
            "post" => new WorkItem("post", ct => PostJobAsync(_employers[_random.Next(_employers.Count)], ct)),
            "apply" => Apply(_workers[worker]),
            "shift" => _shiftFlows.Next(_random) ?? Get("search", Search(), _workers[worker]),
            _ => Chat(n),
        };
    }

    private string Search() => string.Create(CultureInfo.InvariantCulture,
        $"/api/jobs?lat={37.45 + _random.NextDouble() * 0.2:F5}&lon={126.85 + _random.NextDouble() * 0.3:F5}&radiusKm=10");

    private Guid AnyJob() => Acknowledged.JobAt(_random.Next(Acknowledged.JobCount));

    private WorkItem Get(string operation, string path, LoadAccount account) =>
        new(operation, ct => SendAsync(HttpMethod.Get, path, account.Token, null, ct));

    /// <summary>One edit at a time per worker, so what the profile holds afterwards is known; a busy one is read instead.</summary>
    private WorkItem Edit(int worker, long n)
    {
        if (Interlocked.Exchange(ref _editing[worker], 1) == 1)
        {
            return Get("profile", "/api/users/me", _workers[worker]);
        }

        var account = _workers[worker];
        var displayName = "Edited " + n.ToString(CultureInfo.InvariantCulture);
        return new WorkItem("edit", async ct =>
        {
            try
            {
                Acknowledged.ProfileSent(account.Id, account.Token, account.DisplayName, displayName);
                var status = await SendAsync(HttpMethod.Put, "/api/users/me", account.Token,
                    new { displayName, worker = new { skills = Skills, bio = "load test" } }, ct);
                if (status == (int)HttpStatusCode.OK)
                {
                    Acknowledged.ProfileAcknowledged(account.Id, displayName);
                }

                return status;
            }
            finally
            {
                Volatile.Write(ref _editing[worker], 0);
            }
        });
    }

    /// <summary>Each worker applies to a job once; a pair tried already reads the job instead.</summary>
    private WorkItem Apply(LoadAccount worker)
    {
        var job = AnyJob();
        if (!_applied.Add((job, worker.Id)))
        {
            return Get("job", $"/api/jobs/{job}", worker);
        }

        return new WorkItem("apply", async ct =>
        {
            var status = await SendAsync(HttpMethod.Post, $"/api/jobs/{job}/applications", worker.Token, null, ct);
            if (status == (int)HttpStatusCode.Created)
            {
                Acknowledged.Application(job, worker.Id, worker.Token);
            }

            return status;
        });
    }

    /// <summary>A worker writes in the conversation of an application answered a while ago (the saga opens it).</summary>
    private WorkItem Chat(long n)
    {
        var count = Acknowledged.ApplicationCount;
        if (count < 10)
        {
            return Get("search", Search(), _workers[_random.Next(_workers.Count)]);
        }

        // Not the newest few: their conversations may not be open yet.
        var (job, worker, token) = Acknowledged.ApplicationAt(_random.Next(count - 5));
        var conversation = Conversations.ForApplication(job, worker);
        var clientMessageId = "m" + n.ToString(CultureInfo.InvariantCulture);
        return new WorkItem("chat", async ct =>
        {
            var status = await SendAsync(HttpMethod.Post, $"/api/communication/conversations/{conversation}/messages", token,
                new { clientMessageId, text = "Is there parking near the shop?" }, ct);
            if (status == (int)HttpStatusCode.Created)
            {
                Acknowledged.Message(conversation, clientMessageId, token);
            }

            return status;
        });
    }

    /// <summary>A job of its own four-hour slot, so no two of a worker's applications overlap.</summary>
    private async Task<int> PostJobAsync(LoadAccount employer, CancellationToken cancellationToken)
    {
        var start = _firstShift.AddHours(5 * Interlocked.Increment(ref _shifts));
        using var request = Request(HttpMethod.Post, "/api/jobs", employer.Token, new
        {
            title = "Barista for a day",
            description = "Make coffee, keep the counter clean.",
            category = "cafe",
            location = new { latitude = 37.45 + Random.Shared.NextDouble() * 0.2, longitude = 126.85 + Random.Shared.NextDouble() * 0.3, address = "Seoul" },
            startsAt = start.UtcDateTime,
            endsAt = start.AddHours(4).UtcDateTime,
            pay = new { amountKrw = 12_000, kind = "perHour" },
            headcount = 50,
            requiredSkills = RequiredSkills,
            checkInRadiusMeters = 200,
        });
        using var response = await _gateways.Next().SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            var created = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
            Acknowledged.Job(created.GetProperty("id").GetGuid(), employer.Token);
        }

        return (int)response.StatusCode;
    }

    private async Task<int> SendAsync(HttpMethod method, string path, string token, object? body, CancellationToken cancellationToken)
    {
        using var request = Request(method, path, token, body);
        using var response = await _gateways.Next().SendAsync(request, cancellationToken);
        return (int)response.StatusCode;
    }

    internal static HttpRequestMessage Request(HttpMethod method, string path, string token, object? body)
    {
        var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        return request;
    }
}
