using System.Net;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;

namespace OneDay.Tests.Payments;

/// <summary>An admin's manual correction of a balance: reason required and audited, idempotent by key, never an overdraft.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AdjustmentTests(ClusterFixture fixture)
{
    private static Dictionary<string, string> Key(string key) => new() { ["Idempotency-Key"] = key };

    [Fact]
    public async Task An_admin_corrects_a_balance_with_an_audited_reason_and_a_retry_moves_nothing_more()
    {
        var admin = ApiUser.Create(fixture, "admin");
        var worker = ApiUser.Create(fixture, "worker");
        var key = Key("goodwill-" + Guid.NewGuid());
        var body = new { userId = worker.Id, account = "worker-available", amountKrw = 5_000, reason = "Late settlement, goodwill credit" };

        var first = await (await admin.Post("/api/payments/adjustments", body, key)).Json(HttpStatusCode.Created);
        var again = await (await admin.Post("/api/payments/adjustments", body, key)).Json(HttpStatusCode.Created);

        Assert.Equal(first.GetProperty("transactionId").GetGuid(), again.GetProperty("transactionId").GetGuid());
        Assert.Equal(5_000, again.GetProperty("wallet").GetProperty("availableKrw").GetInt64());
        var wallet = await (await worker.Get("/api/payments/wallet")).Json(HttpStatusCode.OK);
        Assert.Equal(5_000, wallet.GetProperty("availableKrw").GetInt64());
        var entries = await (await worker.Get("/api/payments/wallet/entries?account=worker-available")).Json(HttpStatusCode.OK);
        Assert.Equal("adjustment", Assert.Single(entries.GetProperty("items").EnumerateArray()).GetProperty("kind").GetString());
        var audit = await (await admin.Get($"/api/security/audit?userId={worker.Id}")).Json(HttpStatusCode.OK);
        var entry = Assert.Single(audit.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "payments.balance-adjusted");
        Assert.Contains("goodwill credit", entry.GetProperty("details").GetString(), StringComparison.Ordinal);
        Assert.Equal(admin.Id, entry.GetProperty("actorId").GetGuid());

        // Taken back, in part.
        await (await admin.Post("/api/payments/adjustments", body with { amountKrw = -2_000, reason = "Credited twice by mistake" }, Key("take-" + Guid.NewGuid())))
            .Json(HttpStatusCode.Created);
        Assert.Equal(3_000, (await (await worker.Get("/api/payments/wallet")).Json(HttpStatusCode.OK)).GetProperty("availableKrw").GetInt64());
        var verified = await (await admin.Get("/api/payments/ledger/verify")).Json(HttpStatusCode.OK);
        Assert.True(verified.GetProperty("ok").GetBoolean(), verified.ToString());
    }

    [Fact]
    public async Task Bad_adjustments_are_problems_and_move_nothing()
    {
        var admin = ApiUser.Create(fixture, "admin");
        var employer = await PaymentsApi.FundedEmployer(fixture, 10_000);
        var body = new { userId = employer.Id, account = "employer-available", amountKrw = -10_001, reason = "Chargeback" };

        await (await admin.Post("/api/payments/adjustments", body, Key("over-" + Guid.NewGuid())))
            .Problem(HttpStatusCode.UnprocessableEntity, "insufficient-funds");
        await (await employer.Post("/api/payments/adjustments", body with { amountKrw = 1 }, Key("mine-" + Guid.NewGuid())))
            .Problem(HttpStatusCode.Forbidden, "forbidden");
        await (await admin.Post("/api/payments/adjustments", body with { amountKrw = -1 })).Problem(HttpStatusCode.BadRequest, "validation");
        var invalid = await (await admin.Post("/api/payments/adjustments", new { userId = employer.Id, account = "escrow", amountKrw = 0, reason = " " },
            Key("bad-" + Guid.NewGuid()))).Problem(HttpStatusCode.BadRequest, "validation");
        Assert.Equal(["account", "amountKrw", "reason"], invalid.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
        var reused = Key("reused-" + Guid.NewGuid());
        await (await admin.Post("/api/payments/adjustments", body with { amountKrw = -100 }, reused)).Json(HttpStatusCode.Created);
        await (await admin.Post("/api/payments/adjustments", body with { amountKrw = -200 }, reused))
            .Problem(HttpStatusCode.UnprocessableEntity, "idempotency-key-reused");

        Assert.Equal(9_900, (await (await employer.Get("/api/payments/wallet")).Json(HttpStatusCode.OK)).GetProperty("availableKrw").GetInt64());
    }
}
