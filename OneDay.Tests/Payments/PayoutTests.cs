using System.Net;
using System.Text.Json;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;

namespace OneDay.Tests.Payments;

/// <summary>
/// Payouts in cluster mode (the ledger in PostgreSQL, the sandbox's webhooks reaching the real gateway): pending
/// at once, completed or failed (and given back) by webhook, within the balance and the daily limit.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PayoutTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const long DailyLimit = 100_000;
    private ClusterWithGateway? _stack;

    private TestApi Api => new(_stack!.Gateway);

    public async Task InitializeAsync()
    {
        var db = await postgres.CreateMigratedDatabaseAsync("payouts");
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        _stack = await ClusterWithGateway.StartAsync(db, siloSettings: new Dictionary<string, string>
        {
            ["OneDay:Payments:Sandbox:WebhookUrl"] = url + "/api/payments/webhooks/sandbox",
            ["OneDay:Payments:Sandbox:PayoutSeconds"] = "0",
            ["OneDay:Payments:MaxDailyPayoutKrw"] = DailyLimit.ToString(System.Globalization.CultureInfo.InvariantCulture),
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
    public async Task A_payout_is_pending_at_once_then_completes_or_fails_back_within_the_balance_and_the_daily_limit()
    {
        var worker = await Api.RegisterAsync("worker");
        await SeedAsync(worker.Id, 150_000);
        await (await Send(HttpMethod.Post, "/api/payments/payouts", worker, new { amountKrw = 10_000 }, "no-account"))
            .Problem(HttpStatusCode.UnprocessableEntity, "bank-account-required");
        var bad = await (await Send(HttpMethod.Put, "/api/payments/bank-account", worker,
            new { bankCode = "88", accountNumber = "12ab", holderName = " " })).Problem(HttpStatusCode.BadRequest, "validation");
        Assert.Equal(["accountNumber", "bankCode", "holderName"], bad.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
        await (await Send(HttpMethod.Put, "/api/payments/bank-account", worker,
            new { bankCode = "088", accountNumber = "000-111-222", holderName = "Kim" })).Problem(HttpStatusCode.UnprocessableEntity, "bank-account-unverified");
        await (await Send(HttpMethod.Get, "/api/payments/bank-account", worker)).Problem(HttpStatusCode.NotFound, "not-found");
        await (await Send(HttpMethod.Put, "/api/payments/bank-account", worker,
            new { bankCode = "088", accountNumber = "110-222-333444", holderName = "Kim" })).Json(HttpStatusCode.OK);

        var first = await (await Send(HttpMethod.Post, "/api/payments/payouts", worker, new { amountKrw = 60_000 }, "first"))
            .Json(HttpStatusCode.Created);
        var again = await (await Send(HttpMethod.Post, "/api/payments/payouts", worker, new { amountKrw = 60_000 }, "first"))
            .Json(HttpStatusCode.Created);
        var payoutId = first.GetProperty("payoutId").GetGuid();
        Assert.Equal(payoutId, again.GetProperty("payoutId").GetGuid());
        Assert.Equal(90_000, first.GetProperty("wallet").GetProperty("availableKrw").GetInt64());
        var completed = await EventuallyAsync(worker, payoutId, "completed");
        Assert.Equal((90_000L, 0L), (completed.GetProperty("wallet").GetProperty("availableKrw").GetInt64(),
            completed.GetProperty("wallet").GetProperty("pendingPayoutKrw").GetInt64()));

        await (await Send(HttpMethod.Post, "/api/payments/payouts", worker, new { amountKrw = 50_000 }, "over-the-limit"))
            .Problem(HttpStatusCode.UnprocessableEntity, "daily-payout-limit");
        await (await Send(HttpMethod.Put, "/api/payments/bank-account", worker,
            new { bankCode = "088", accountNumber = "999000111", holderName = "Kim" })).Json(HttpStatusCode.OK);
        var bounced = await (await Send(HttpMethod.Post, "/api/payments/payouts", worker, new { amountKrw = 30_000 }, "bounced"))
            .Json(HttpStatusCode.Created);
        var failed = await EventuallyAsync(worker, bounced.GetProperty("payoutId").GetGuid(), "failed");
        Assert.Equal((90_000L, 0L), (failed.GetProperty("wallet").GetProperty("availableKrw").GetInt64(),
            failed.GetProperty("wallet").GetProperty("pendingPayoutKrw").GetInt64()));

        // The bounced payout gave its money back and does not use up the day's limit: to a corrected account it goes.
        await (await Send(HttpMethod.Put, "/api/payments/bank-account", worker,
            new { bankCode = "088", accountNumber = "110-222-333444", holderName = "Kim" })).Json(HttpStatusCode.OK);
        var resent = await (await Send(HttpMethod.Post, "/api/payments/payouts", worker, new { amountKrw = 40_000 }, "resent"))
            .Json(HttpStatusCode.Created);
        await EventuallyAsync(worker, resent.GetProperty("payoutId").GetGuid(), "completed");

        var poor = await Api.RegisterAsync("worker");
        await SeedAsync(poor.Id, 10_000);
        await (await Send(HttpMethod.Put, "/api/payments/bank-account", poor,
            new { bankCode = "004", accountNumber = "123456789", holderName = "Lee" })).Json(HttpStatusCode.OK);
        await (await Send(HttpMethod.Post, "/api/payments/payouts", poor, new { amountKrw = 20_000 }, "too-much"))
            .Problem(HttpStatusCode.UnprocessableEntity, "insufficient-funds");
        await (await Send(HttpMethod.Get, $"/api/payments/payouts/{payoutId}", poor)).Problem(HttpStatusCode.NotFound, "payout-not-found");

        var admin = await Api.AdminAsync();
        var verification = await (await Send(HttpMethod.Get, "/api/payments/ledger/verify", admin)).Json(HttpStatusCode.OK);
        Assert.True(verification.GetProperty("ok").GetBoolean(), verification.ToString());
        var day = Grains.Interfaces.Payments.Providers.SettlementDay.Key(
            Grains.Interfaces.Payments.Providers.SettlementDay.Of(DateTimeOffset.UtcNow));
        var report = await (await Send(HttpMethod.Get, $"/api/payments/reconciliation/{day}", admin)).Json(HttpStatusCode.OK);
        // The seeds are the platform's own money, never the provider's; the completed payouts match its report.
        Assert.Empty(report.GetProperty("differences").EnumerateArray());
        Assert.Equal(100_000, report.GetProperty("paidOutKrw").GetInt64());

        // Each completed payout is one event however often its webhook came, and the marketplace's figures count them.
        var told = await Retry.UntilAsync(
            async () => await (await Send(HttpMethod.Get, $"/api/analytics/events?type=payments.payout-completed&aggregateId={worker.Id}", admin))
                .Json(HttpStatusCode.OK),
            page => page.GetProperty("items").GetArrayLength() >= 2,
            TimeSpan.FromSeconds(30));
        Assert.Equal(2, told.GetProperty("items").GetArrayLength());
        var kpis = await Retry.UntilAsync(
            async () => await (await Send(HttpMethod.Get, "/api/analytics/kpis", admin)).Json(HttpStatusCode.OK),
            r => r.GetProperty("rows").EnumerateArray().Last().GetProperty("paidOutKrw").GetInt64() >= 100_000,
            TimeSpan.FromSeconds(30));
        Assert.Equal(100_000, kpis.GetProperty("rows").EnumerateArray().Last().GetProperty("paidOutKrw").GetInt64());
    }

    /// <summary>Money to pay out, credited by an admin's adjustment (a whole shift on the real clock is the conservation proof's).</summary>
    private async Task SeedAsync(Guid worker, long amount)
    {
        var admin = await Api.AdminAsync();
        await (await Send(HttpMethod.Post, "/api/payments/adjustments", admin,
            new { userId = worker, account = "worker-available", amountKrw = amount, reason = "Test seed" }, "seed-" + Guid.NewGuid())).Json(HttpStatusCode.Created);
    }

    private async Task<JsonElement> EventuallyAsync(TestUser worker, Guid payoutId, string status)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var payout = await (await Send(HttpMethod.Get, $"/api/payments/payouts/{payoutId}", worker)).Json(HttpStatusCode.OK);
            if (payout.GetProperty("status").GetString() == status || DateTime.UtcNow > deadline)
            {
                Assert.Equal(status, payout.GetProperty("status").GetString());
                return payout;
            }

            await Task.Delay(100);
        }
    }

    private Task<HttpResponseMessage> Send(HttpMethod method, string path, TestUser user, object? body = null, string? idempotencyKey = null) =>
        Api.SendAsync(method, path, user.AccessToken, body, r =>
        {
            if (idempotencyKey is not null)
            {
                r.Headers.Add("Idempotency-Key", idempotencyKey);
            }
        });
}
