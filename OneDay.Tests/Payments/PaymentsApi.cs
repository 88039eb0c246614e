using System.Net;
using System.Text.Json;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Interfaces.Payments.Providers;
using OneDay.Grains.Payments;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;

namespace OneDay.Tests.Payments;

/// <summary>
/// Money for tests, always through the real top-up path (start, approve at the sandbox's checkout, confirm): accepting a
/// worker holds the shift's pay and the platform's fee in escrow, so an employer who accepts must have topped up first.
/// </summary>
public static class PaymentsApi
{
    /// <summary>Enough for about 150 shifts of 4 h at 12,000 KRW/h with the 10% fee (52,800 KRW each).</summary>
    public const long EmployerFunds = 10_000_000;

    /// <summary>The largest single top-up the test silos take (they keep the default).</summary>
    private static readonly long MaxTopUpKrw = new PaymentOptions().MaxTopUpKrw;

    /// <summary>A whole top-up over HTTP; answers the confirmation.</summary>
    public static async Task<JsonElement> TopUp(this ApiUser user, long amountKrw, string? idempotencyKey = null)
    {
        var key = new Dictionary<string, string> { ["Idempotency-Key"] = idempotencyKey ?? "top-up-" + Guid.NewGuid() };
        var started = await (await user.Post("/api/payments/top-ups", new { amountKrw }, key)).Json(HttpStatusCode.Created);
        var orderId = started.GetProperty("orderId").GetGuid();
        var approval = await (await user.Post($"/api/payments/sandbox/payments/{orderId}/approve", new { })).Json(HttpStatusCode.OK);
        return await (await user.Post($"/api/payments/top-ups/{orderId}/confirm",
            new { paymentKey = approval.GetProperty("paymentKey").GetString(), amountKrw })).Json(HttpStatusCode.OK);
    }

    /// <summary>Tops <paramref name="user"/> up by <paramref name="amountKrw"/> over HTTP, in as many top-ups as the limit on one needs.</summary>
    public static async Task Fund(this ApiUser user, long amountKrw = EmployerFunds)
    {
        foreach (var chunk in Chunks(amountKrw))
        {
            await user.TopUp(chunk);
        }
    }

    /// <summary>A new employer with <paramref name="amountKrw"/> available in their wallet.</summary>
    public static async Task<ApiUser> FundedEmployer(ClusterFixture fixture, long amountKrw = EmployerFunds)
    {
        var employer = ApiUser.Create(fixture, "employer");
        await employer.Fund(amountKrw);
        return employer;
    }

    /// <summary>
    /// A whole top-up through the grains, what the gateway's three endpoints call, for tests with no gateway or a user
    /// with no token: the wallet starts it, the customer approves at the sandbox's checkout, the wallet confirms it.
    /// </summary>
    public static async Task<TopUpResult> TopUp(this IGrainFactory grains, Guid userId, long amountKrw, string? idempotencyKey = null)
    {
        var wallet = grains.Reference<IWalletGrain>(userId);
        var started = await wallet.StartTopUp(amountKrw, idempotencyKey ?? "top-up-" + Guid.NewGuid());
        Assert.True(started is { Outcome: PaymentOutcome.Ok, Status: TopUpStatus.AwaitingApproval }, $"Started: {started}");
        var orderId = started.OrderId!.Value;
        var approved = await grains.Reference<ISandboxPaymentGrain>(WalletGrain.OrderKey(orderId)).Approve(userId);
        Assert.True(approved.IsOk, $"Approved: {approved}");
        var confirmed = await wallet.ConfirmTopUp(orderId, approved.Payment!.PaymentKey!, amountKrw);
        Assert.True(confirmed is { Outcome: PaymentOutcome.Ok, Status: TopUpStatus.Completed }, $"Confirmed: {confirmed}");
        return confirmed;
    }

    /// <summary>Tops <paramref name="userId"/> up by <paramref name="amountKrw"/> through the grains.</summary>
    public static async Task Fund(this IGrainFactory grains, Guid userId, long amountKrw = EmployerFunds)
    {
        foreach (var chunk in Chunks(amountKrw))
        {
            await grains.TopUp(userId, chunk);
        }
    }

    private static IEnumerable<long> Chunks(long amountKrw)
    {
        for (var left = amountKrw; left > 0; left -= MaxTopUpKrw)
        {
            yield return Math.Min(left, MaxTopUpKrw);
        }
    }
}
