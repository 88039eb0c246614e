using System.Net;
using System.Text.Json;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;

namespace OneDay.Tests.Payments;

/// <summary>
/// A shift's money over HTTP: acceptance holds the pay and fee in escrow (402 and nothing changed when the wallet
/// cannot), and every way an assignment ends releases it: paid on confirmation, refunded on a withdrawal, a
/// no-show or an early cancellation, a share on a late one.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class EscrowTests(ClusterFixture fixture)
{
    private const double Lat = 37.5665;
    private const double Lon = 126.9780;

    /// <summary>200,000 KRW a shift: 20,000 fee held on top; 1,485 withheld at settlement (1,350 national, 135 local).</summary>
    private const long Wage = 200_000;
    private const long Held = 220_000;
    private const long NetPay = 198_515;

    private static readonly object OnSite = new { latitude = Lat, longitude = Lon };

    private static Dictionary<string, object?> Shift(DateTimeOffset start, int headcount = 1) =>
        JobsApi.JobBody(lat: Lat, lon: Lon, start: start, hours: 4, pay: Wage, payKind: "perShift", headcount: headcount);

    private static async Task<(long Available, long Held)> Wallet(ApiUser user)
    {
        var wallet = await (await user.Get("/api/payments/wallet")).Json(HttpStatusCode.OK);
        return (wallet.GetProperty("availableKrw").GetInt64(), wallet.GetProperty("heldKrw").GetInt64());
    }

    private static async Task<Guid> AppliedJob(ApiUser employer, DateTimeOffset start, params ApiUser[] workers)
    {
        var id = await employer.PostJob(Shift(start, workers.Length));
        foreach (var worker in workers)
        {
            await (await worker.Post($"/api/jobs/{id}/applications")).Json(HttpStatusCode.Created);
        }

        return id;
    }

    private static async Task<JsonElement> Accept(ApiUser employer, Guid job, ApiUser worker) =>
        await (await employer.Post($"/api/jobs/{job}/applications/{worker.Id}/accept")).Json(HttpStatusCode.OK);

    private async Task AssertLedgerBalances()
    {
        var verified = await (await ApiUser.Create(fixture, "admin").Get("/api/payments/ledger/verify")).Json(HttpStatusCode.OK);
        Assert.True(verified.GetProperty("ok").GetBoolean(), verified.ToString());
    }

    [Fact]
    public async Task Acceptance_holds_the_pay_and_fee_and_a_short_wallet_is_402_with_nothing_changed()
    {
        var employer = await PaymentsApi.FundedEmployer(fixture, Held + 100_000);
        ApiUser first = ApiUser.Create(fixture, "worker"), second = ApiUser.Create(fixture, "worker");
        var id = await AppliedJob(employer, JobsTestHooks.Now.AddDays(2), first, second);

        await Accept(employer, id, first);
        Assert.Equal((100_000L, Held), await Wallet(employer));

        var refused = await (await employer.Post($"/api/jobs/{id}/applications/{second.Id}/accept")).Problem(HttpStatusCode.PaymentRequired, "insufficient-funds");
        Assert.Contains("220000", refused.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal((100_000L, Held), await Wallet(employer));
        var pending = await (await second.Get($"/api/jobs/{id}/applications/me")).Json(HttpStatusCode.OK);
        Assert.Equal("pending", pending.GetProperty("status").GetString());
        var job = await (await employer.Get($"/api/jobs/{id}")).Json(HttpStatusCode.OK);
        Assert.Equal((1, "open"), (job.GetProperty("acceptedCount").GetInt32(), job.GetProperty("status").GetString()));
        var schedule = await (await second.Get("/api/jobs/schedule/me")).Json(HttpStatusCode.OK);
        Assert.Empty(schedule.GetProperty("shifts").EnumerateArray());

        // Topped up, the same acceptance goes through.
        await employer.TopUp(Held - 100_000);
        await Accept(employer, id, second);
        Assert.Equal((0L, 2 * Held), await Wallet(employer));
        await AssertLedgerBalances();
    }

    [Fact]
    public async Task A_confirmed_shift_pays_the_worker_net_of_withholding_and_credits_points()
    {
        var employer = await PaymentsApi.FundedEmployer(fixture, Held);
        var registered = await fixture.Api.RegisterAsync("worker");
        var worker = new ApiUser(fixture, registered.Id, registered.AccessToken);
        var id = await AppliedJob(employer, JobsTestHooks.Now.AddHours(2), worker);
        await Accept(employer, id, worker);

        // The pay is what the worker agreed to: it cannot change under the escrow.
        var edited = Shift(JobsTestHooks.Now.AddHours(2));
        edited["pay"] = new Dictionary<string, object?> { ["amountKrw"] = 100_000, ["kind"] = "perShift" };
        var etag = (await employer.Get($"/api/jobs/{id}")).Headers.ETag!.ToString();
        var refused = await (await employer.Put($"/api/jobs/{id}", edited, new Dictionary<string, string> { ["If-Match"] = etag }))
            .Problem(HttpStatusCode.BadRequest, "validation");
        Assert.True(refused.GetProperty("errors").TryGetProperty("pay", out _), refused.ToString());

        JobsTestHooks.Time.Advance(TimeSpan.FromMinutes(110));
        await (await worker.Post($"/api/jobs/{id}/check-in", OnSite)).Json(HttpStatusCode.OK);
        JobsTestHooks.Time.Advance(TimeSpan.FromHours(4));
        await (await worker.Post($"/api/jobs/{id}/check-out", OnSite)).Json(HttpStatusCode.OK);
        Assert.Equal((0L, 0L), await Wallet(worker));
        await (await employer.Post($"/api/jobs/{id}/confirm")).Json(HttpStatusCode.OK);

        Assert.Equal((0L, 0L), await Wallet(employer));
        Assert.Equal((NetPay, 0L), await Wallet(worker));
        var entries = await (await worker.Get("/api/payments/wallet/entries?account=worker-available")).Json(HttpStatusCode.OK);
        var settled = Assert.Single(entries.GetProperty("items").EnumerateArray());
        Assert.Equal(("settlement", NetPay), (settled.GetProperty("kind").GetString(), settled.GetProperty("amountKrw").GetInt64()));
        await AssertLedgerBalances();

        // PaymentCompleted reaches the user domain over the payments stream: 1% of the net pay, once.
        Assert.True(await JobsApi.Eventually(async () =>
            (await (await worker.Get("/api/users/me")).Json(HttpStatusCode.OK)).GetProperty("points").GetInt64() == 1_985, TimeSpan.FromSeconds(10)));
        Assert.Equal(1_985, (await (await worker.Get("/api/payments/wallet")).Json(HttpStatusCode.OK)).GetProperty("points").GetInt64());
    }

    [Fact]
    public async Task An_unconfirmed_shift_confirms_itself_a_day_after_check_out_and_pays()
    {
        var employer = await PaymentsApi.FundedEmployer(fixture, Held);
        var worker = ApiUser.Create(fixture, "worker");
        var id = await AppliedJob(employer, JobsTestHooks.Now.AddHours(2), worker);
        await Accept(employer, id, worker);
        JobsTestHooks.Time.Advance(TimeSpan.FromMinutes(110));
        await (await worker.Post($"/api/jobs/{id}/check-in", OnSite)).Json(HttpStatusCode.OK);
        JobsTestHooks.Time.Advance(TimeSpan.FromHours(4));
        await (await worker.Post($"/api/jobs/{id}/check-out", OnSite)).Json(HttpStatusCode.OK);

        // Checked out ten minutes before the shift's end: the day runs from the end.
        JobsTestHooks.Time.Advance(TimeSpan.FromHours(24));
        Assert.Equal("inProgress", (await (await employer.Get($"/api/jobs/{id}")).Json(HttpStatusCode.OK)).GetProperty("status").GetString());
        JobsTestHooks.Time.Advance(TimeSpan.FromMinutes(10));

        // The job's lifecycle reminder wakes it at that time; on the fake clock the worker's look at it does the same.
        var mine = await (await worker.Get($"/api/jobs/{id}/applications/me")).Json(HttpStatusCode.OK);
        Assert.Equal("completed", mine.GetProperty("status").GetString());
        Assert.Equal((NetPay, 0L), await Wallet(worker));
        Assert.Equal((0L, 0L), await Wallet(employer));
    }

    [Fact]
    public async Task A_withdrawal_a_no_show_and_an_early_cancellation_refund_the_employer_whole()
    {
        var employer = await PaymentsApi.FundedEmployer(fixture, 3 * Held);
        ApiUser leaver = ApiUser.Create(fixture, "worker"), absent = ApiUser.Create(fixture, "worker"), cancelled = ApiUser.Create(fixture, "worker");
        var soon = await AppliedJob(employer, JobsTestHooks.Now.AddHours(2), leaver, absent);
        var later = await AppliedJob(employer, JobsTestHooks.Now.AddDays(3), cancelled);
        await Accept(employer, soon, leaver);
        await Accept(employer, soon, absent);
        await Accept(employer, later, cancelled);
        Assert.Equal((0L, 3 * Held), await Wallet(employer));

        await (await leaver.Delete($"/api/jobs/{soon}/applications/me")).Json(HttpStatusCode.OK);
        Assert.Equal((Held, 2 * Held), await Wallet(employer));
        await (await employer.Post($"/api/jobs/{later}/cancel", new { reason = "Stock arrived early" })).Json(HttpStatusCode.OK);
        Assert.Equal((2 * Held, Held), await Wallet(employer));
        JobsTestHooks.Time.Advance(TimeSpan.FromHours(2) + TimeSpan.FromMinutes(20));
        await (await employer.Get($"/api/jobs/{soon}")).Json(HttpStatusCode.OK);

        Assert.Equal("noShow", (await (await absent.Get($"/api/jobs/{soon}/applications/me")).Json(HttpStatusCode.OK)).GetProperty("status").GetString());
        Assert.Equal((3 * Held, 0L), await Wallet(employer));
        Assert.All(await Task.WhenAll(new[] { leaver, absent, cancelled }.Select(Wallet)), w => Assert.Equal((0L, 0L), w));
        await AssertLedgerBalances();
    }

    [Fact]
    public async Task Cancelling_within_a_day_of_the_start_pays_the_worker_half_the_wage()
    {
        var employer = await PaymentsApi.FundedEmployer(fixture, Held);
        var worker = ApiUser.Create(fixture, "worker");
        var id = await AppliedJob(employer, JobsTestHooks.Now.AddHours(5), worker);
        await Accept(employer, id, worker);

        await (await employer.Post($"/api/jobs/{id}/cancel", new { reason = "Closed for the day" })).Json(HttpStatusCode.OK);

        // Half of 200,000 is 100,000: under the daily deduction, nothing withheld, and no fee on a cancellation.
        Assert.Equal((100_000L, 0L), await Wallet(worker));
        Assert.Equal((Held - 100_000, 0L), await Wallet(employer));
        var entries = await (await worker.Get("/api/payments/wallet/entries?account=worker-available")).Json(HttpStatusCode.OK);
        Assert.Equal("cancellation-fee", Assert.Single(entries.GetProperty("items").EnumerateArray()).GetProperty("kind").GetString());
        await AssertLedgerBalances();
    }

    [Fact]
    public async Task A_disputed_shift_keeps_its_hold_until_an_admin_splits_it_with_an_audited_reason()
    {
        var employer = await PaymentsApi.FundedEmployer(fixture, Held);
        var worker = ApiUser.Create(fixture, "worker");
        var admin = ApiUser.Create(fixture, "admin");
        var id = await AppliedJob(employer, JobsTestHooks.Now.AddHours(2), worker);
        await Accept(employer, id, worker);
        JobsTestHooks.Time.Advance(TimeSpan.FromMinutes(110));
        await (await worker.Post($"/api/jobs/{id}/check-in", OnSite)).Json(HttpStatusCode.OK);
        JobsTestHooks.Time.Advance(TimeSpan.FromHours(4));
        await (await worker.Post($"/api/jobs/{id}/check-out", OnSite)).Json(HttpStatusCode.OK);
        await (await employer.Post($"/api/jobs/{id}/confirm", new { disputedWorkerId = worker.Id, disputeReason = "Left two hours early" }))
            .Json(HttpStatusCode.OK);

        // A week on, the disputed hold is still held: it never confirms itself.
        JobsTestHooks.Time.Advance(TimeSpan.FromDays(7));
        Assert.Equal((0L, Held), await Wallet(employer));
        var path = $"/api/payments/disputes/{id}/{worker.Id}/resolution";
        await (await employer.Post(path, new { decision = "release", reason = "mine" })).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await admin.Post(path, new { decision = "maybe", reason = "?" })).Problem(HttpStatusCode.BadRequest, "validation");
        await (await admin.Post(path, new { decision = "split", workerPayKrw = Wage, reason = "all of it" })).Problem(HttpStatusCode.UnprocessableEntity, "validation");
        await (await admin.Post(path, new { decision = "split", workerPayKrw = 100_000 })).Problem(HttpStatusCode.UnprocessableEntity, "validation");
        await (await admin.Post($"/api/payments/disputes/{id}/{Guid.NewGuid()}/resolution", new { decision = "refund", reason = "x" }))
            .Problem(HttpStatusCode.NotFound, "application-not-found");
        Assert.Equal((0L, Held), await Wallet(employer));

        var resolved = await (await admin.Post(path, new { decision = "split", workerPayKrw = 100_000, reason = "Worked half the shift" })).Json(HttpStatusCode.OK);
        Assert.Equal("resolved", resolved.GetProperty("status").GetString());
        await (await admin.Post(path, new { decision = "release", reason = "again" })).Problem(HttpStatusCode.Conflict, "invalid-job-state");

        // 100,000 to the worker (untaxed), the fee on that half (10,000), and the rest back to the employer.
        Assert.Equal((100_000L, 0L), await Wallet(worker));
        Assert.Equal((110_000L, 0L), await Wallet(employer));
        await AssertLedgerBalances();
        var audit = await (await admin.Get($"/api/security/audit?userId={worker.Id}")).Json(HttpStatusCode.OK);
        var entry = Assert.Single(audit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "payments.dispute-resolved");
        Assert.Contains("Worked half the shift", entry.GetProperty("details").GetString(), StringComparison.Ordinal);
    }
}
