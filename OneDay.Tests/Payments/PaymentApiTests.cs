using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments.Providers;
using OneDay.Grains.Payments;
using OneDay.Grains.Payments.Providers;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;
using Orleans.TestingHost;

namespace OneDay.Tests.Payments;

/// <summary>My wallet and its top-ups through the gateway: RFC 9457 problems for bad input, idempotent by key.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PaymentApiTests(ClusterFixture fixture)
{
    private static Dictionary<string, string> Key(string key) => new() { ["Idempotency-Key"] = key };

    [Fact]
    public async Task An_employer_tops_up_through_the_providers_checkout_and_retries_answer_the_first_top_up()
    {
        var employer = ApiUser.Create(fixture, "employer");
        var empty = await (await employer.Get("/api/payments/wallet")).Json(HttpStatusCode.OK);
        Assert.Equal((employer.Id, 0L), (empty.GetProperty("userId").GetGuid(), empty.GetProperty("availableKrw").GetInt64()));
        var key = Key("top-up-" + Guid.NewGuid());

        var started = await employer.Post("/api/payments/top-ups", new { amountKrw = 50_000 }, key);
        var order = await started.Json(HttpStatusCode.Created);
        var orderId = order.GetProperty("orderId").GetGuid();
        Assert.Equal($"/api/payments/top-ups/{orderId}", started.Headers.Location?.OriginalString);
        Assert.Equal(("awaiting-approval", "sandbox"), (order.GetProperty("status").GetString(), order.GetProperty("provider").GetString()));
        await (await employer.Post($"/api/payments/top-ups/{orderId}/confirm", new { paymentKey = "sbx_guess", amountKrw = 50_000 }))
            .Problem(HttpStatusCode.Conflict, "payment-not-approved");
        var awaiting = await (await employer.Get($"/api/payments/top-ups/{orderId}")).Json(HttpStatusCode.OK);
        Assert.Equal(("awaiting-approval", 50_000L), (awaiting.GetProperty("status").GetString(), awaiting.GetProperty("amountKrw").GetInt64()));
        var approval = await (await employer.Post($"/api/payments/sandbox/payments/{orderId}/approve", new { })).Json(HttpStatusCode.OK);
        var confirm = new { paymentKey = approval.GetProperty("paymentKey").GetString(), amountKrw = 50_000 };

        var confirmed = await (await employer.Post($"/api/payments/top-ups/{orderId}/confirm", confirm)).Json(HttpStatusCode.OK);
        var confirmedAgain = await (await employer.Post($"/api/payments/top-ups/{orderId}/confirm", confirm)).Json(HttpStatusCode.OK);
        var startedAgain = await (await employer.Post("/api/payments/top-ups", new { amountKrw = 50_000 }, key)).Json(HttpStatusCode.Created);
        var read = await (await employer.Get($"/api/payments/top-ups/{orderId}")).Json(HttpStatusCode.OK);

        Assert.Equal("completed", confirmed.GetProperty("status").GetString());
        Assert.Equal(50_000, confirmed.GetProperty("wallet").GetProperty("availableKrw").GetInt64());
        Assert.All([confirmedAgain, startedAgain, read], r => Assert.Equal(
            (orderId, "completed"), (r.GetProperty("orderId").GetGuid(), r.GetProperty("status").GetString())));
        var wallet = await (await employer.Get("/api/payments/wallet")).Json(HttpStatusCode.OK);
        Assert.Equal((50_000L, 0L, 0L), (wallet.GetProperty("availableKrw").GetInt64(), wallet.GetProperty("heldKrw").GetInt64(),
            wallet.GetProperty("pendingPayoutKrw").GetInt64()));
    }

    [Fact]
    public async Task The_same_key_with_another_amount_is_422_and_moves_nothing()
    {
        var employer = ApiUser.Create(fixture, "employer");
        var key = "reused-" + Guid.NewGuid();
        await employer.TopUp(10_000, key);

        await (await employer.Post("/api/payments/top-ups", new { amountKrw = 20_000 }, Key(key))).Problem(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");

        var wallet = await (await employer.Get("/api/payments/wallet")).Json(HttpStatusCode.OK);
        Assert.Equal(10_000, wallet.GetProperty("availableKrw").GetInt64());
    }

    [Fact]
    public async Task Nobody_approves_or_confirms_another_users_top_up()
    {
        var owner = ApiUser.Create(fixture, "employer");
        var other = ApiUser.Create(fixture, "employer");
        var order = await (await owner.Post("/api/payments/top-ups", new { amountKrw = 8_000 }, Key("mine-" + Guid.NewGuid()))).Json(HttpStatusCode.Created);
        var orderId = order.GetProperty("orderId").GetGuid();

        await (await other.Get($"/api/payments/top-ups/{orderId}")).Problem(HttpStatusCode.NotFound, "top-up-not-found");
        await (await other.Post($"/api/payments/sandbox/payments/{orderId}/approve", new { })).Problem(HttpStatusCode.NotFound, "top-up-not-found");
        var approval = await (await owner.Post($"/api/payments/sandbox/payments/{orderId}/approve", new { })).Json(HttpStatusCode.OK);
        var confirm = new { paymentKey = approval.GetProperty("paymentKey").GetString(), amountKrw = 8_000 };
        await (await other.Post($"/api/payments/top-ups/{orderId}/confirm", confirm)).Problem(HttpStatusCode.NotFound, "top-up-not-found");
        await (await owner.Post($"/api/payments/top-ups/{orderId}/confirm", confirm with { amountKrw = 80_000 }))
            .Problem(HttpStatusCode.UnprocessableEntity, "amount-mismatch");

        foreach (var user in new[] { owner, other })
        {
            var wallet = await (await user.Get("/api/payments/wallet")).Json(HttpStatusCode.OK);
            Assert.Equal(0, wallet.GetProperty("availableKrw").GetInt64());
        }
    }

    [Fact]
    public async Task An_unsigned_or_forged_webhook_is_401_and_a_provider_name_that_cannot_be_one_is_404()
    {
        var forged = new StringContent("""{"eventId":"evt_1"}""", System.Text.Encoding.UTF8, "application/json");
        forged.Headers.Add("OneDay-Sandbox-Signature", "t=1,v1=00");

        var unsigned = await fixture.Http.PostAsync("/api/payments/webhooks/sandbox", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        var wrong = await fixture.Http.PostAsync("/api/payments/webhooks/sandbox", forged);
        var bogus = await fixture.Http.PostAsync("/api/payments/webhooks/Not_A_Provider", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));

        await unsigned.Problem(HttpStatusCode.Unauthorized, "unauthorized");
        await wrong.Problem(HttpStatusCode.Unauthorized, "unauthorized");
        await bogus.Problem(HttpStatusCode.NotFound, "not-found");
    }

    [Theory]
    [InlineData("""{"amountKrw": 0}""", "amountKrw")]
    [InlineData("""{"amountKrw": -500}""", "amountKrw")]
    [InlineData("""{"amountKrw": 5000001}""", "amountKrw")]
    [InlineData("""{"amountKrw": 1000.5}""", null)]
    [InlineData("""{"amountKrw": 99999999999999999999}""", null)]
    [InlineData("""{"amountKrw": 1000, "currency": "USD"}""", null)]
    public async Task Bad_amounts_are_400_problems_and_move_nothing(string body, string? field)
    {
        var employer = ApiUser.Create(fixture, "employer");

        var response = await employer.Post("/api/payments/top-ups", JsonNode.Parse(body), Key("bad-" + Guid.NewGuid()));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        if (field is not null)
        {
            var problem = await response.Problem(HttpStatusCode.BadRequest, "validation");
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        }

        var wallet = await (await employer.Get("/api/payments/wallet")).Json(HttpStatusCode.OK);
        Assert.Equal(0, wallet.GetProperty("availableKrw").GetInt64());
    }

    [Fact]
    public async Task A_top_up_needs_an_idempotency_key_and_an_employer()
    {
        var employer = ApiUser.Create(fixture, "employer");
        var missing = await (await employer.Post("/api/payments/top-ups", new { amountKrw = 1_000 })).Problem(HttpStatusCode.BadRequest, "validation");
        Assert.True(missing.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));

        var worker = ApiUser.Create(fixture, "worker");
        await (await worker.Post("/api/payments/top-ups", new { amountKrw = 1_000 }, Key("w"))).Problem(HttpStatusCode.Forbidden, "forbidden");
        Assert.Equal(HttpStatusCode.Unauthorized, (await fixture.Http.GetAsync("/api/payments/wallet")).StatusCode);
    }

    [Fact]
    public async Task A_webhook_signed_with_the_right_secret_but_long_ago_is_401_and_a_fresh_one_that_is_no_webhook_400()
    {
        var silo = fixture.Cluster.Primary as InProcessSiloHandle
            ?? throw new InvalidOperationException("The test cluster runs its silos in process.");
        var signature = silo.ServiceProvider.GetRequiredService<SandboxPsp>().Signature;
        var body = System.Text.Encoding.UTF8.GetBytes("""{"eventId":"evt_replayed"}""");

        HttpContent Signed(DateTimeOffset at)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            content.Headers.Add(WebhookSignature.HeaderName, signature.Sign(body, at));
            return content;
        }

        var stale = await fixture.Http.PostAsync("/api/payments/webhooks/sandbox", Signed(DateTimeOffset.UtcNow.AddMinutes(-10)));
        var fresh = await fixture.Http.PostAsync("/api/payments/webhooks/sandbox", Signed(DateTimeOffset.UtcNow));

        await stale.Problem(HttpStatusCode.Unauthorized, "unauthorized");
        await fresh.Problem(HttpStatusCode.BadRequest, "bad-request");
    }

    [Fact]
    public async Task My_accounts_postings_page_newest_first_and_bad_queries_are_400()
    {
        var employer = ApiUser.Create(fixture, "employer");
        await employer.TopUp(10_000, "first-" + Guid.NewGuid());
        await employer.TopUp(20_000, "second-" + Guid.NewGuid());

        var newest = await (await employer.Get("/api/payments/wallet/entries?limit=1")).Json(HttpStatusCode.OK);
        var entry = Assert.Single(newest.GetProperty("items").EnumerateArray());
        var older = await (await employer.Get($"/api/payments/wallet/entries?account=employer-available&limit=1&before={newest.GetProperty("nextBefore").GetInt64()}"))
            .Json(HttpStatusCode.OK);

        Assert.Equal(("top-up", 20_000L), (entry.GetProperty("kind").GetString(), entry.GetProperty("amountKrw").GetInt64()));
        Assert.Equal(10_000, Assert.Single(older.GetProperty("items").EnumerateArray()).GetProperty("amountKrw").GetInt64());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, older.GetProperty("nextBefore").ValueKind);
        var workerSide = await (await employer.Get("/api/payments/wallet/entries?account=worker-available")).Json(HttpStatusCode.OK);
        Assert.Empty(workerSide.GetProperty("items").EnumerateArray());
        foreach (var (query, field) in new[] { ("account=escrow", "account"), ("limit=0", "limit"), ("limit=x", "limit"), ("before=-1", "before") })
        {
            var problem = await (await employer.Get($"/api/payments/wallet/entries?{query}")).Problem(HttpStatusCode.BadRequest, "validation");
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), query + ": " + problem);
        }
    }

    [Fact]
    public async Task An_admin_verifies_the_ledger_and_reads_any_wallet_and_nobody_else_may()
    {
        var employer = ApiUser.Create(fixture, "employer");
        await employer.TopUp(3_000, "verified-" + Guid.NewGuid());

        var admin = ApiUser.Create(fixture, "admin");
        var verification = await (await admin.Get("/api/payments/ledger/verify")).Json(HttpStatusCode.OK);

        Assert.True(verification.GetProperty("ok").GetBoolean(), verification.ToString());
        Assert.Equal("none", verification.GetProperty("discrepancy").GetString());
        Assert.True(verification.GetProperty("transactionsChecked").GetInt64() >= 1);
        var wallet = await (await admin.Get($"/api/payments/wallets/{employer.Id}")).Json(HttpStatusCode.OK);
        Assert.Equal((employer.Id, 3_000L), (wallet.GetProperty("userId").GetGuid(), wallet.GetProperty("availableKrw").GetInt64()));
        await (await employer.Get("/api/payments/ledger/verify")).Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await employer.Get($"/api/payments/wallets/{employer.Id}")).Problem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task An_admin_reconciles_a_day_and_sees_a_payment_the_ledger_never_recorded()
    {
        var employer = ApiUser.Create(fixture, "employer");
        var recorded = (await employer.TopUp(6_000, "recorded-" + Guid.NewGuid())).GetProperty("orderId").GetGuid();
        // Taken at the provider, and the confirmation lost before the ledger heard of it.
        var lost = await (await employer.Post("/api/payments/top-ups", new { amountKrw = 2_500 }, Key("lost-" + Guid.NewGuid()))).Json(HttpStatusCode.Created);
        var lostOrder = WalletGrain.OrderKey(lost.GetProperty("orderId").GetGuid());
        var payment = fixture.Cluster.GrainFactory.Reference<ISandboxPaymentGrain>(lostOrder);
        var paymentKey = (await payment.Approve(employer.Id)).Payment!.PaymentKey!;
        var done = await payment.Confirm(new ConfirmPayment(paymentKey, lostOrder, 2_500));
        var day = SettlementDay.Key(SettlementDay.Of(done.Payment!.DoneAt!.Value));
        var admin = ApiUser.Create(fixture, "admin");

        var report = await (await admin.Get($"/api/payments/reconciliation/{day}")).Json(HttpStatusCode.OK);

        var differences = report.GetProperty("differences").EnumerateArray().ToDictionary(d => d.GetProperty("reference").GetString()!);
        Assert.False(differences.ContainsKey(WalletGrain.OrderKey(recorded)));
        Assert.Equal(("missing-in-ledger", -2_500L, 0L), (differences[lostOrder].GetProperty("kind").GetString(),
            differences[lostOrder].GetProperty("providerClearingKrw").GetInt64(), differences[lostOrder].GetProperty("ledgerClearingKrw").GetInt64()));
        Assert.True(report.GetProperty("matched").GetInt32() >= 1);
        Assert.Equal("sandbox", report.GetProperty("provider").GetString());
        await (await admin.Get("/api/payments/reconciliation/2026-13-01")).Problem(HttpStatusCode.BadRequest, "validation");
        await (await employer.Get($"/api/payments/reconciliation/{day}")).Problem(HttpStatusCode.Forbidden, "forbidden");
    }
}
