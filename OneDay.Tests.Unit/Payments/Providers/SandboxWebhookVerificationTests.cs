using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using OneDay.Grains.Interfaces.Payments.Providers;
using OneDay.Grains.Payments.Providers;

namespace OneDay.Tests.Unit.Payments.Providers;

/// <summary>What the webhook endpoint gets from the provider for a delivery: a verified webhook or the reason to refuse it.</summary>
public sealed class SandboxWebhookVerificationTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly WebhookSignature _signature = new(RandomNumberGenerator.GetBytes(32), TimeSpan.FromMinutes(5));

    private SandboxPaymentProvider Provider => new(null!, new SandboxPsp(new SandboxPspOptions(), _signature, null!, _time));

    [Fact]
    public void A_signed_payment_webhook_is_verified_and_read()
    {
        var sent = new ProviderWebhook("evt_1", ProviderWebhookType.PaymentStatusChanged, "order-000001", "sbx_key",
            ProviderPaymentStatus.Done, null, 25_000, Now.AddSeconds(-2));

        var verification = Provider.VerifyWebhook(Delivery(SandboxWebhookJson.Write(sent)));

        Assert.True(verification.IsVerified);
        Assert.Equal(sent, verification.Webhook);
    }

    [Fact]
    public void A_signed_payout_webhook_is_verified_and_read()
    {
        var sent = new ProviderWebhook("evt_2", ProviderWebhookType.PayoutStatusChanged, "payout-000001", null,
            null, ProviderPayoutStatus.Failed, 70_000, Now);

        Assert.Equal(sent, Provider.VerifyWebhook(Delivery(SandboxWebhookJson.Write(sent))).Webhook);
    }

    [Fact]
    public void Header_names_are_matched_whatever_their_case()
    {
        var body = SandboxWebhookJson.Write(new ProviderWebhook("evt_3", ProviderWebhookType.PaymentStatusChanged, "order-000001", "k",
            ProviderPaymentStatus.Canceled, null, 1, Now));
        var delivery = ProviderWebhookDelivery.From(body, [new("ONEDAY-SANDBOX-SIGNATURE", _signature.Sign(body, Now))]);

        Assert.True(Provider.VerifyWebhook(delivery).IsVerified);
    }

    [Fact]
    public void An_unsigned_delivery_is_refused_as_a_bad_signature() =>
        Assert.Equal(WebhookRefusal.BadSignature,
            Provider.VerifyWebhook(ProviderWebhookDelivery.From("{}"u8.ToArray(), [])).Refusal);

    [Fact]
    public void A_replayed_delivery_is_refused_as_stale()
    {
        var delivery = Delivery(SandboxWebhookJson.Write(new ProviderWebhook("evt_4", ProviderWebhookType.PayoutStatusChanged,
            "payout-000001", null, null, ProviderPayoutStatus.Completed, 5, Now)));
        _time.Advance(TimeSpan.FromMinutes(6));

        Assert.Equal(WebhookRefusal.Stale, Provider.VerifyWebhook(delivery).Refusal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"eventId":"e","eventType":"PAYMENT_STATUS_CHANGED","createdAt":"2026-12-05T09:00:00Z"}""")]
    [InlineData("""{"eventId":"e","eventType":"SOMETHING_ELSE","createdAt":"2026-12-05T09:00:00Z","data":{}}""")]
    [InlineData("""{"eventId":"e","eventType":"PAYMENT_STATUS_CHANGED","createdAt":"2026-12-05T09:00:00Z","data":{"orderId":"o","paymentKey":"k","status":"PAID","totalAmount":1}}""")]
    [InlineData("""{"eventId":"e","eventType":"PAYMENT_STATUS_CHANGED","createdAt":"2026-12-05T09:00:00Z","data":{"orderId":"o","paymentKey":"k","status":"DONE","totalAmount":1.5}}""")]
    [InlineData("""{"eventId":"e","eventType":"PAYOUT_STATUS_CHANGED","createdAt":"2026-12-05T09:00:00Z","data":{"payoutId":"p","status":"COMPLETED","amount":-1}}""")]
    [InlineData("""{"eventId":"","eventType":"PAYOUT_STATUS_CHANGED","createdAt":"2026-12-05T09:00:00Z","data":{"payoutId":"p","status":"COMPLETED","amount":1}}""")]
    public void A_signed_body_that_is_no_webhook_is_malformed(string body) =>
        Assert.Equal(WebhookRefusal.MalformedBody, Provider.VerifyWebhook(Delivery(Encoding.UTF8.GetBytes(body))).Refusal);

    private ProviderWebhookDelivery Delivery(byte[] body) =>
        ProviderWebhookDelivery.From(body, [new(WebhookSignature.HeaderName, _signature.Sign(body, _time.GetUtcNow()))]);
}
