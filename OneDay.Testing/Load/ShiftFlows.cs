using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace OneDay.Testing.Load;

/// <summary>
/// Shifts from posting to settlement, one request per step: an employer posts a short shift starting half a minute
/// later, a worker applies, the employer accepts (the pay is held in escrow; a 402 sends the employer to top up through
/// the sandbox first), the worker checks in and out on site, and once the shift has started the employer confirms it,
/// which pays the worker. A step answered 5xx, 429 or not at all is tried again a second later (each money-moving one
/// with its Idempotency-Key); any other refusal abandons the shift, whose money the platform's own rules return.
/// </summary>
/// <remarks><see cref="Next"/> is called by the driver's one thread; a step's answer arrives on another.</remarks>
internal sealed class ShiftFlows(GatewayPool gateways, IReadOnlyList<LoadAccount> workers, IReadOnlyList<LoadAccount> employers, AcknowledgedWrites acknowledged)
{
    /// <summary>Per shift: escrow holds it plus the 10 % fee, and it is under the daily wage that is withheld from.</summary>
    public const long PayKrw = 100_000;

    private const long TopUpKrw = 5_000_000;
    private const int MaxOpen = 16;
    private const int MaxAttempts = 30;
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Length = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);
    private static readonly (double Latitude, double Longitude) Site = (37.5665, 126.978);

    private readonly Lock _gate = new();
    private readonly List<Shift> _open = [];
    private readonly DateTimeOffset[] _workerFreeAt = new DateTimeOffset[workers.Count];
    private int _made;

    private enum Step
    {
        Post, Apply, Accept, TopUp, Approve, ConfirmTopUp, CheckIn, CheckOut, Confirm, Done, Abandoned,
    }

    /// <summary>The next step of a shift that is due, or of a new shift; null when none is due and enough are open.</summary>
    public WorkItem? Next(Random random)
    {
        var now = DateTimeOffset.UtcNow;
        lock (_gate)
        {
            _open.RemoveAll(s => s.Step is Step.Done or Step.Abandoned);
            var shift = _open.FirstOrDefault(s => !s.Busy && s.DueAt <= now) ?? (_open.Count < MaxOpen ? Start(now, random) : null);
            if (shift is null)
            {
                return null;
            }

            shift.Busy = true;
            return new WorkItem(Operation(shift.Step), ct => RunAsync(shift, ct));
        }
    }

    private Shift? Start(DateTimeOffset now, Random random)
    {
        var startsAt = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero) + Lead;
        // A worker's shifts must not overlap (the schedule refuses the acceptance), so each waits for the last to end.
        var first = random.Next(workers.Count);
        for (var i = 0; i < workers.Count; i++)
        {
            var w = (first + i) % workers.Count;
            if (_workerFreeAt[w] <= startsAt)
            {
                _workerFreeAt[w] = startsAt + Length;
                var shift = new Shift(workers[w], employers[random.Next(employers.Count)], startsAt, "shift-" + Interlocked.Increment(ref _made).ToString(CultureInfo.InvariantCulture) + "-" + Guid.NewGuid().ToString("N")[..8]);
                _open.Add(shift);
                return shift;
            }
        }

        return null;
    }

    private async Task<int> RunAsync(Shift shift, CancellationToken cancellationToken)
    {
        try
        {
            var (status, next, again) = await SendAsync(shift, cancellationToken);
            lock (_gate)
            {
                if (next is { } advanced)
                {
                    (shift.Step, shift.Attempts) = (advanced, 0);
                    shift.DueAt = advanced == Step.Confirm ? shift.StartsAt + RetryAfter : DateTimeOffset.MinValue;
                }
                else
                {
                    Again(shift, again || status is 429 or >= 500);
                }
            }

            return status;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TaskCanceledException)
        {
            lock (_gate)
            {
                Again(shift, true);
            }

            throw;
        }
        finally
        {
            lock (_gate)
            {
                shift.Busy = false;
            }
        }
    }

    /// <summary>The step is tried again a moment later, unless it was refused or has been tried too often.</summary>
    private static void Again(Shift shift, bool retry)
    {
        shift.DueAt = DateTimeOffset.UtcNow + RetryAfter;
        if (!retry || ++shift.Attempts >= MaxAttempts)
        {
            shift.Step = Step.Abandoned;
        }
    }

    /// <returns>The answer's status; the step that follows when it moved the shift on; whether to try again when not.</returns>
    private async Task<(int Status, Step? Next, bool Again)> SendAsync(Shift shift, CancellationToken ct)
    {
        var (employer, worker) = (shift.Employer.Token, shift.Worker.Token);
        var at = new { latitude = Site.Latitude, longitude = Site.Longitude };
        switch (shift.Step)
        {
            case Step.Post:
                var (posted, job) = await CallAsync(HttpMethod.Post, "/api/jobs", employer, new
                {
                    title = "Dishwasher, one rush",
                    description = "Wash up through the lunch rush.",
                    category = "cafe",
                    location = new { latitude = Site.Latitude, longitude = Site.Longitude, address = "Seoul City Hall" },
                    startsAt = shift.StartsAt.UtcDateTime,
                    endsAt = (shift.StartsAt + Length).UtcDateTime,
                    pay = new { amountKrw = PayKrw, kind = "perShift" },
                    headcount = 1,
                    requiredSkills = Array.Empty<string>(),
                    checkInRadiusMeters = 200,
                }, shift.Key + "-post", ct);
                if (posted == (int)HttpStatusCode.Created)
                {
                    shift.JobId = job!.Value.GetProperty("id").GetGuid();
                    acknowledged.Shift(shift.JobId, shift.Employer.Token, shift.Worker.Id, shift.Worker.Token);
                    return (posted, Step.Apply, false);
                }

                return (posted, null, false);
            case Step.Apply:
                var applied = (await CallAsync(HttpMethod.Post, $"/api/jobs/{shift.JobId}/applications", worker, null, shift.Key + "-apply", ct)).Status;
                return (applied, applied is (int)HttpStatusCode.Created or (int)HttpStatusCode.OK ? Step.Accept : null, false);
            case Step.Accept:
                var accepted = (await CallAsync(HttpMethod.Post, $"/api/jobs/{shift.JobId}/applications/{shift.Worker.Id}/accept", employer, null, null, ct)).Status;
                return (accepted, accepted switch
                {
                    (int)HttpStatusCode.OK => Step.CheckIn,
                    (int)HttpStatusCode.PaymentRequired => Step.TopUp,
                    _ => null,
                }, false);
            case Step.TopUp:
                var (started, order) = await CallAsync(HttpMethod.Post, "/api/payments/top-ups", employer, new { amountKrw = TopUpKrw }, shift.Key + "-top-up", ct);
                shift.OrderId = order?.GetProperty("orderId").GetString();
                return (started, started == (int)HttpStatusCode.Created ? Step.Approve : null, false);
            case Step.Approve:
                var (approved, payment) = await CallAsync(HttpMethod.Post, $"/api/payments/sandbox/payments/{shift.OrderId}/approve", employer, new { }, null, ct);
                shift.PaymentKey = payment?.GetProperty("paymentKey").GetString();
                return (approved, approved == (int)HttpStatusCode.OK ? Step.ConfirmTopUp : null, false);
            case Step.ConfirmTopUp:
                var funded = (await CallAsync(HttpMethod.Post, $"/api/payments/top-ups/{shift.OrderId}/confirm", employer,
                    new { paymentKey = shift.PaymentKey, amountKrw = TopUpKrw }, shift.Key + "-confirm-top-up", ct)).Status;
                return (funded, funded == (int)HttpStatusCode.OK ? Step.Accept : null, false);
            case Step.CheckIn:
                var checkedIn = (await CallAsync(HttpMethod.Post, $"/api/jobs/{shift.JobId}/check-in", worker, at, null, ct)).Status;
                return (checkedIn, checkedIn == (int)HttpStatusCode.OK ? Step.CheckOut : null, false);
            case Step.CheckOut:
                var checkedOut = (await CallAsync(HttpMethod.Post, $"/api/jobs/{shift.JobId}/check-out", worker, at, null, ct)).Status;
                return (checkedOut, checkedOut == (int)HttpStatusCode.OK ? Step.Confirm : null, false);
            default:
                var confirmed = (await CallAsync(HttpMethod.Post, $"/api/jobs/{shift.JobId}/confirm", employer, new { }, null, ct)).Status;
                if (confirmed == (int)HttpStatusCode.OK)
                {
                    acknowledged.ShiftSettled(shift.JobId);
                    return (confirmed, Step.Done, false);
                }

                // Not in progress yet (reading the job starts it), or confirmed by a try whose answer was lost.
                return confirmed == (int)HttpStatusCode.Conflict && await CompletedAsync(shift, ct)
                    ? (confirmed, Step.Done, false)
                    : (confirmed, null, confirmed == (int)HttpStatusCode.Conflict);
        }
    }

    private async Task<bool> CompletedAsync(Shift shift, CancellationToken ct)
    {
        var (status, job) = await CallAsync(HttpMethod.Get, $"/api/jobs/{shift.JobId}", shift.Employer.Token, null, null, ct);
        if (status == (int)HttpStatusCode.OK && job!.Value.GetProperty("status").GetString() == "completed")
        {
            acknowledged.ShiftSettled(shift.JobId);
            return true;
        }

        return false;
    }

    private async Task<(int Status, JsonElement? Body)> CallAsync(HttpMethod method, string path, string token, object? body, string? idempotencyKey, CancellationToken ct)
    {
        using var request = MixedWorkload.Request(method, path, token, body);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        using var response = await gateways.Next().SendAsync(request, ct);
        var ok = response.IsSuccessStatusCode && response.Content.Headers.ContentLength is not 0;
        return ((int)response.StatusCode, ok ? await response.Content.ReadFromJsonAsync<JsonElement>(ct) : null);
    }

    private static string Operation(Step step) => step switch
    {
        Step.Post => "shift-post",
        Step.Apply => "shift-apply",
        Step.TopUp or Step.Approve or Step.ConfirmTopUp => "top-up",
        Step.CheckIn or Step.CheckOut => "check-in-out",
        _ => step.ToString().ToLowerInvariant(),
    };

    private sealed class Shift(LoadAccount worker, LoadAccount employer, DateTimeOffset startsAt, string key)
    {
        public LoadAccount Worker { get; } = worker;
        public LoadAccount Employer { get; } = employer;
        public DateTimeOffset StartsAt { get; } = startsAt;
        public string Key { get; } = key;
        public Guid JobId { get; set; }
        public string? OrderId { get; set; }
        public string? PaymentKey { get; set; }
        public Step Step { get; set; }
        public DateTimeOffset DueAt { get; set; } = DateTimeOffset.MinValue;
        public bool Busy { get; set; }
        /// <summary>Tries of the current step.</summary>
        public int Attempts { get; set; }
    }
}
