using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Api.Security;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;

namespace OneDay.Tests.Payments;

/// <summary>
/// The whole life of a shift's money in cluster mode (two silos, the ledger in PostgreSQL, the real gateway, the
/// real clock): employers top up, accept more workers than they can pay for at once (the rest are 402), workers
/// withdraw, employers cancel late, shifts are worked and confirmed, workers are paid out; once with a silo killed
/// while it all runs, its clients retrying what got no answer. Afterwards every won is where the outcomes say.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class ShiftMoneyConservationTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const int Employers = 4;
    private const int ApplicantsPerJob = 4;
    private const int AcceptsPerJob = 3;
    private const long Pay = 60_000;
    private const long Hold = 66_000;
    private const long LateCancellationPay = 30_000;

    /// <summary>Six holds of the nine accepts each employer tries: three are refused, whichever lose the race.</summary>
    private const long Funds = 400_000;

    private const double Lat = 37.5665;
    private const double Lon = 126.9780;

    private enum Fate
    {
        Worked = 0,
        OneWithdraws = 1,
        CancelledLate = 2,
    }

    private ClusterWithGateway? _stack;

    public async Task InitializeAsync()
    {
        var db = await postgres.CreateMigratedDatabaseAsync("shift_money");
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        _stack = await ClusterWithGateway.StartAsync(db, siloSettings: new Dictionary<string, string>
        {
            [JobsTestHooks.SystemClockSetting] = "true",
            ["OneDay:Payments:Sandbox:WebhookUrl"] = url + "/api/payments/webhooks/sandbox",
            ["OneDay:Payments:Sandbox:PayoutSeconds"] = "0",
        }, gatewayUrl: url);
    }

    public async Task DisposeAsync()
    {
        if (_stack is not null)
        {
            await _stack.DisposeAsync();
        }
    }

    [Fact]
    public Task Every_won_of_every_shift_ends_where_its_outcome_says() => RunAsync(killSilo: false);

    [Fact]
    public Task A_silo_killed_while_shifts_are_accepted_withdrawn_cancelled_and_worked_loses_and_doubles_nothing() => RunAsync(killSilo: true);

    private sealed record Job(Guid Id, string EmployerToken, Fate Fate, (Guid Id, string Token)[] Applicants)
    {
        public ConcurrentDictionary<Guid, bool> Accepted { get; } = new();

        public Guid? Withdrawn { get; set; }
    }

    private async Task RunAsync(bool killSilo)
    {
        var api = new RetryingApi(_stack!.Gateway);
        var issuer = _stack.Gateway.Services.GetRequiredService<AccessTokenIssuer>();
        var admin = issuer.Issue(Guid.NewGuid(), Guid.NewGuid(), ["admin"]).Token;
        var employers = Enumerable.Range(0, Employers).Select(_ => Guid.NewGuid()).Select(id => (Id: id, Token: issuer.Issue(id, Guid.NewGuid(), ["employer"]).Token)).ToArray();
        var fates = Enum.GetValues<Fate>();

        // Workers are registered users: a payout asks the user domain whether their account may be paid.
        var workers = await Task.WhenAll(Enumerable.Range(0, Employers * fates.Length * ApplicantsPerJob).Select(async _ =>
        {
            var user = await new TestApi(_stack.Gateway).RegisterAsync("worker");
            await (await api.Send(HttpMethod.Put, "/api/payments/bank-account", user.AccessToken,
                new { bankCode = "088", accountNumber = "110-222-333444", holderName = "Kim" })).Json(HttpStatusCode.OK);
            return (user.Id, Token: user.AccessToken);
        }));
        await Task.WhenAll(employers.Select(async e => await TopUpAsync(api, e.Token, Funds)));

        // Shifts start soon: check-in is open at once, and confirmation needs them started; long enough to accept
        // them all first, even while a killed silo's calls time out.
        var start = DateTimeOffset.UtcNow.AddSeconds(75);
        var jobs = await Task.WhenAll(employers.SelectMany((e, ei) => fates.Select(async (fate, fi) =>
        {
            var body = JobsApi.JobBody(lat: Lat, lon: Lon, start: start, hours: 1, pay: Pay, payKind: "perShift", headcount: AcceptsPerJob);
            var posted = await (await api.Send(HttpMethod.Post, "/api/jobs", e.Token, body, $"job-{e.Id:N}-{fi}")).Json(HttpStatusCode.Created);
            var applicants = workers.Skip(((ei * fates.Length) + fi) * ApplicantsPerJob).Take(ApplicantsPerJob).ToArray();
            return new Job(posted.GetProperty("id").GetGuid(), e.Token, fate, applicants);
        })));
        await Task.WhenAll(jobs.SelectMany(j => j.Applicants.Select(async w =>
        {
            var applied = await api.Send(HttpMethod.Post, $"/api/jobs/{j.Id}/applications", w.Token, null, $"apply-{j.Id:N}-{w.Id:N}");
            Assert.True(applied.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, await applied.Content.ReadAsStringAsync());
        })));

        // All accepts first, so that no refund frees money for a later one: exactly six holds per employer.
        var finished = 0;
        var running = RunBeforeTheStartAsync(api, jobs, () => Interlocked.Increment(ref finished));
        if (killSilo)
        {
            while (Volatile.Read(ref finished) < jobs.Length * (AcceptsPerJob + 1) / 2)
            {
                await Task.Delay(20);
            }

            await _stack.Cluster.KillSiloAsync(_stack.Cluster.SecondarySilos[0]);
        }

        await running;
        var wait = start.AddSeconds(2) - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }

        await Task.WhenAll(jobs.Where(j => j.Fate != Fate.CancelledLate).Select(j => WorkAndConfirmAsync(api, j)));

        // What each outcome owes: a worked shift its pay (under the daily deduction, nothing withheld), a late
        // cancellation half the pay, anything else nothing; the employer pays that plus the fee on worked shifts.
        var earned = workers.ToDictionary(w => w.Id, _ => 0L);
        var spent = employers.ToDictionary(e => e.Token, _ => 0L);
        var holds = employers.ToDictionary(e => e.Token, _ => 0);
        var worked = 0;
        foreach (var job in jobs)
        {
            foreach (var (worker, accepted) in job.Accepted.Where(a => a.Value))
            {
                holds[job.EmployerToken]++;
                var pay = job.Fate == Fate.CancelledLate ? LateCancellationPay : worker == job.Withdrawn ? 0 : Pay;
                earned[worker] += pay;
                spent[job.EmployerToken] += pay == Pay ? Hold : pay;
                worked += pay == Pay ? 1 : 0;
            }
        }

        Assert.All(holds.Values, h => Assert.Equal((int)(Funds / Hold), h));
        Assert.True(worked > 0 && earned.Values.Any(e => e == LateCancellationPay), "Every outcome should have happened at least once.");

        // Escrow releases a killed silo owed are replayed by the jobs' reminders.
        foreach (var (_, token) in employers)
        {
            var wallet = await EventuallyAsync(api, token, w => w.Held == 0);
            Assert.Equal((Funds - spent[token], 0L), (wallet.Available, wallet.Held));
            var entries = await (await api.Send(HttpMethod.Get, "/api/payments/wallet/entries?limit=100", token)).Json(HttpStatusCode.OK);
            Assert.Equal(holds[token], entries.GetProperty("items").EnumerateArray().Count(e => e.GetProperty("kind").GetString() == "escrow-hold"));
        }

        var paidOut = 0L;
        await Task.WhenAll(workers.Select(async w =>
        {
            var wallet = await EventuallyAsync(api, w.Token, x => x.Available == earned[w.Id]);
            Assert.Equal((earned[w.Id], 0L), (wallet.Available, wallet.Held));
            if (earned[w.Id] > 0)
            {
                var half = earned[w.Id] / 2;
                await (await api.Send(HttpMethod.Post, "/api/payments/payouts", w.Token, new { amountKrw = half }, $"payout-{w.Id:N}"))
                    .Json(HttpStatusCode.Created);
                Interlocked.Add(ref paidOut, half);
                var after = await EventuallyAsync(api, w.Token, x => x.Pending == 0);
                Assert.Equal(earned[w.Id] - half, after.Available);
            }
        }));

        var verification = await (await api.Send(HttpMethod.Get, "/api/payments/ledger/verify", admin)).Json(HttpStatusCode.OK);
        Assert.True(verification.GetProperty("ok").GetBoolean(), verification.ToString());
        var total = 0L;
        foreach (var token in employers.Select(e => e.Token).Concat(workers.Select(w => w.Token)))
        {
            var wallet = await WalletAsync(api, token);
            total += wallet.Available + wallet.Held + wallet.Pending;
        }

        // The users hold what came in, less what went out, less the platform's fees on the worked shifts.
        Assert.Equal((Employers * Funds) - paidOut - (worked * (Hold - Pay)), total);
    }

    private static async Task RunBeforeTheStartAsync(RetryingApi api, Job[] jobs, Action stepDone)
    {
        await Task.WhenAll(jobs.SelectMany(j => j.Applicants.Take(AcceptsPerJob).Select(async w =>
        {
            var accepted = await api.Send(HttpMethod.Post, $"/api/jobs/{j.Id}/applications/{w.Id}/accept", j.EmployerToken);
            Assert.True(accepted.StatusCode is HttpStatusCode.OK or HttpStatusCode.PaymentRequired, await accepted.Content.ReadAsStringAsync());
            j.Accepted[w.Id] = accepted.StatusCode == HttpStatusCode.OK;
            stepDone();
        })));
        await Task.WhenAll(jobs.Select(async j =>
        {
            await BeforeTheStartAsync(api, j);
            stepDone();
        }));
    }

    /// <summary>Before the shift: one accepted worker withdraws, or the employer cancels late, or everyone checks in.</summary>
    private static async Task BeforeTheStartAsync(RetryingApi api, Job job)
    {
        var accepted = job.Accepted.Where(a => a.Value).Select(a => job.Applicants.Single(w => w.Id == a.Key)).ToList();
        if (job.Fate == Fate.CancelledLate)
        {
            var cancelled = await api.Send(HttpMethod.Post, $"/api/jobs/{job.Id}/cancel", job.EmployerToken, new { reason = "The delivery never came" });
            // A retry after a lost answer finds the job cancelled already.
            Assert.True(cancelled.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, await cancelled.Content.ReadAsStringAsync());
            return;
        }

        if (job.Fate == Fate.OneWithdraws && accepted.Count > 0)
        {
            var leaving = accepted[0];
            var withdrawn = await api.Send(HttpMethod.Delete, $"/api/jobs/{job.Id}/applications/me", leaving.Token);
            Assert.True(withdrawn.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, await withdrawn.Content.ReadAsStringAsync());
            job.Withdrawn = leaving.Id;
            accepted.RemoveAt(0);
        }

        await Task.WhenAll(accepted.Select(async w =>
            await (await api.Send(HttpMethod.Post, $"/api/jobs/{job.Id}/check-in", w.Token, new { latitude = Lat, longitude = Lon })).Json(HttpStatusCode.OK)));
    }

    private static async Task WorkAndConfirmAsync(RetryingApi api, Job job)
    {
        var present = job.Accepted.Where(a => a.Value && a.Key != job.Withdrawn).Select(a => job.Applicants.Single(w => w.Id == a.Key)).ToList();
        if (present.Count == 0)
        {
            // Every accept of this job lost the race for the employer's money: it expired at its start.
            return;
        }

        await Task.WhenAll(present.Select(async w =>
            await (await api.Send(HttpMethod.Post, $"/api/jobs/{job.Id}/check-out", w.Token, new { latitude = Lat, longitude = Lon })).Json(HttpStatusCode.OK)));
        await (await api.Send(HttpMethod.Post, $"/api/jobs/{job.Id}/confirm", job.EmployerToken)).Json(HttpStatusCode.OK);
    }

    private static async Task TopUpAsync(RetryingApi api, string token, long amount)
    {
        var started = await (await api.Send(HttpMethod.Post, "/api/payments/top-ups", token, new { amountKrw = amount }, Guid.NewGuid().ToString("N")))
            .Json(HttpStatusCode.Created);
        var orderId = started.GetProperty("orderId").GetGuid();
        var approval = await (await api.Send(HttpMethod.Post, $"/api/payments/sandbox/payments/{orderId}/approve", token, new { })).Json(HttpStatusCode.OK);
        await (await api.Send(HttpMethod.Post, $"/api/payments/top-ups/{orderId}/confirm", token,
            new { paymentKey = approval.GetProperty("paymentKey").GetString(), amountKrw = amount })).Json(HttpStatusCode.OK);
    }

    private static async Task<(long Available, long Held, long Pending)> WalletAsync(RetryingApi api, string token)
    {
        var wallet = await (await api.Send(HttpMethod.Get, "/api/payments/wallet", token)).Json(HttpStatusCode.OK);
        return (wallet.GetProperty("availableKrw").GetInt64(), wallet.GetProperty("heldKrw").GetInt64(), wallet.GetProperty("pendingPayoutKrw").GetInt64());
    }

    private static async Task<(long Available, long Held, long Pending)> EventuallyAsync(
        RetryingApi api, string token, Func<(long Available, long Held, long Pending), bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(180);
        var wallet = await WalletAsync(api, token);
        while (!done(wallet) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(250);
            wallet = await WalletAsync(api, token);
        }

        return wallet;
    }
}
