using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Api.Security;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments.Providers;
using OneDay.Grains.Payments;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;

namespace OneDay.Tests.Payments;

/// <summary>
/// Not one won created, lost or counted twice: hundreds of concurrent top-ups in cluster mode (two silos,
/// the ledger in PostgreSQL, the real gateway), confirmed by the customer's return, twice at once, or only by
/// the provider's webhooks, which the sandbox sends twice and out of order; and the same with a silo killed
/// mid-run, its clients retrying what got no answer, as real clients do.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class TopUpConservationTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const int Employers = 20;
    private const int TopUpsEach = 15;
    private ClusterWithGateway? _stack;

    private GatewayHost Gateway => _stack!.Gateway;

    public async Task InitializeAsync()
    {
        var db = await postgres.CreateMigratedDatabaseAsync("conservation");
        var url = $"http://127.0.0.1:{FreePort.Next()}";
        _stack = await ClusterWithGateway.StartAsync(db, siloSettings: new Dictionary<string, string>
        {
            ["OneDay:Payments:Sandbox:WebhookUrl"] = url + "/api/payments/webhooks/sandbox",
            ["OneDay:Payments:Sandbox:DuplicateDeliveries"] = "true",
            ["OneDay:Payments:Sandbox:ReorderDeliveries"] = "true",
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
    public Task Every_confirmed_payment_is_in_the_ledger_exactly_once_and_the_books_balance() => RunAsync(killSilo: false);

    [Fact]
    public Task A_silo_killed_mid_run_loses_and_doubles_nothing() => RunAsync(killSilo: true);

    private async Task RunAsync(bool killSilo)
    {
        var issuer = Gateway.Services.GetRequiredService<AccessTokenIssuer>();
        var employers = Enumerable.Range(0, Employers)
            .Select(_ => Guid.NewGuid())
            .Select(id => (Id: id, Token: issuer.Issue(id, Guid.NewGuid(), ["employer"]).Token))
            .ToArray();
        var admin = issuer.Issue(Guid.NewGuid(), Guid.NewGuid(), ["admin"]).Token;
        var random = new Random(20261205);
        var plan = employers
            .SelectMany(e => Enumerable.Range(0, TopUpsEach).Select(i => (Employer: e, Amount: random.Next(1, 5_000) * 100L, Path: i % 3)))
            .ToArray();
        using var gate = new SemaphoreSlim(32);
        var finished = 0;

        var running = Task.WhenAll(plan.Select(async step =>
        {
            await gate.WaitAsync();
            try
            {
                return (step.Employer.Id, step.Amount, OrderId: await TopUpAsync(step.Employer.Token, step.Amount, step.Path));
            }
            finally
            {
                Interlocked.Increment(ref finished);
                gate.Release();
            }
        }));
        if (killSilo)
        {
            while (Volatile.Read(ref finished) < plan.Length / 3)
            {
                await Task.Delay(50);
            }

            await _stack!.Cluster.KillSiloAsync(_stack.Cluster.SecondarySilos[0]);
        }

        var orders = await running;

        var expected = orders.GroupBy(o => o.Id).ToDictionary(g => g.Key, g => g.Sum(o => o.Amount));
        foreach (var (id, token) in employers)
        {
            // The webhook-only ones arrive when the sandbox's timer delivers them.
            // A killed silo's undelivered webhooks wait for its records' reminders to wake them elsewhere.
            var deadline = DateTime.UtcNow.AddSeconds(killSilo ? 240 : 90);
            JsonElement wallet;
            while ((wallet = await (await Send(HttpMethod.Get, "/api/payments/wallet", token)).Json(HttpStatusCode.OK))
                .GetProperty("availableKrw").GetInt64() < expected[id] && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            Assert.Equal(expected[id], wallet.GetProperty("availableKrw").GetInt64());
            var entries = await (await Send(HttpMethod.Get, "/api/payments/wallet/entries?limit=100", token)).Json(HttpStatusCode.OK);
            Assert.Equal(
                orders.Where(o => o.Id == id).Select(o => o.OrderId).Order(),
                entries.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("transactionId").GetGuid()).Order());
        }

        var verification = await (await Send(HttpMethod.Get, "/api/payments/ledger/verify", admin)).Json(HttpStatusCode.OK);
        Assert.True(verification.GetProperty("ok").GetBoolean(), verification.ToString());
        Assert.Equal(orders.Length, verification.GetProperty("transactionsChecked").GetInt64());

        var references = orders.Select(o => WalletGrain.OrderKey(o.OrderId)).ToHashSet(StringComparer.Ordinal);
        var days = await Task.WhenAll(references.Select(async r =>
            SettlementDay.Of((await Retry.UntilSuccess(() => _stack!.Cluster.Client.Reference<ISandboxPaymentGrain>(r).Get())).Payment!.DoneAt!.Value)));
        var matched = 0;
        foreach (var day in days.Distinct())
        {
            // A killed silo's payment records report to the day's settlement when they wake again elsewhere (the reads
            // above wake them), a moment after the ledger already holds the money: the provider's report catches up.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            JsonElement report;
            while ((report = await (await Send(HttpMethod.Get, $"/api/payments/reconciliation/{SettlementDay.Key(day)}", admin)).Json(HttpStatusCode.OK))
                .GetProperty("differences").GetArrayLength() > 0 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            Assert.Empty(report.GetProperty("differences").EnumerateArray());
            matched += report.GetProperty("matched").GetInt32();
        }

        Assert.Equal(orders.Length, matched);
    }

    /// <summary>Starts, approves and confirms one top-up along <paramref name="path"/>; answers its order id.</summary>
    private async Task<Guid> TopUpAsync(string token, long amount, int path)
    {
        var key = Guid.NewGuid().ToString("N");
        var starts = await Task.WhenAll(Enumerable.Range(0, path == 1 ? 2 : 1).Select(async _ =>
            await (await Send(HttpMethod.Post, "/api/payments/top-ups", token, new { amountKrw = amount }, key)).Json(HttpStatusCode.Created)));
        var orderId = starts[0].GetProperty("orderId").GetGuid();
        Assert.All(starts, s => Assert.Equal(orderId, s.GetProperty("orderId").GetGuid()));
        var approval = await (await Send(HttpMethod.Post, $"/api/payments/sandbox/payments/{orderId}/approve", token, new { }))
            .Json(HttpStatusCode.OK);
        var paymentKey = approval.GetProperty("paymentKey").GetString()!;
        if (path == 2)
        {
            // The customer's return never reaches us: only the provider's webhooks can record it.
            var done = await Retry.UntilSuccess(() => _stack!.Cluster.Client.Reference<ISandboxPaymentGrain>(WalletGrain.OrderKey(orderId))
                .Confirm(new ConfirmPayment(paymentKey, WalletGrain.OrderKey(orderId), amount)));
            Assert.True(done.IsOk, done.Detail);
            return orderId;
        }

        await Task.WhenAll(Enumerable.Range(0, path == 1 ? 2 : 1).Select(async _ =>
            await (await Send(HttpMethod.Post, $"/api/payments/top-ups/{orderId}/confirm", token, new { paymentKey, amountKrw = amount }))
                .Json(HttpStatusCode.OK)));
        return orderId;
    }

    private Task<HttpResponseMessage> Send(HttpMethod method, string path, string token, object? body = null, string? idempotencyKey = null) =>
        new RetryingApi(Gateway).Send(method, path, token, body, idempotencyKey);
}
