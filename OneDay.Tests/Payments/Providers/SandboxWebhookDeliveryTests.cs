using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Interfaces.Payments.Providers;
using OneDay.Grains.Payments;
using OneDay.Grains.Payments.Providers;
using OneDay.Tests.Fixtures;
using Orleans.TestingHost;

namespace OneDay.Tests.Payments.Providers;

/// <summary>
/// The sandbox on a two-silo cluster, posting to a real HTTP endpoint: its webhooks arrive signed so that a
/// silo verifies them, a failing endpoint gets them again, and the day's report holds what moved.
/// </summary>
public sealed class SandboxWebhookDeliveryTests : IAsyncLifetime
{
    private readonly WebhookListener _listener = new();
    private TestCluster? _cluster;

    private IClusterClient Grains => _cluster!.Client;

    public async Task InitializeAsync()
    {
        await _listener.StartAsync();
        _cluster = await TestClusters.StartAsync(new Dictionary<string, string>
        {
            ["OneDay:Mode"] = "Embedded",
            ["OneDay:Payments:Sandbox:WebhookUrl"] = _listener.Url,
            ["OneDay:Payments:Sandbox:PayoutSeconds"] = "0",
        });
    }

    public async Task DisposeAsync()
    {
        await Teardown.StopAsync(_cluster);
        await _listener.StopAsync();
    }

    [Fact]
    public async Task A_confirmed_payment_is_announced_by_a_signed_webhook_sent_again_while_the_endpoint_fails()
    {
        _listener.FailNext(1);
        var orderId = $"topup-{Guid.NewGuid():N}";
        var payment = Grains.Reference<ISandboxPaymentGrain>(orderId);
        var customer = Guid.NewGuid();
        Assert.True((await payment.Create(new PaymentOrder(orderId, 40_000, customer, "Wallet top-up"))).IsOk);
        var paymentKey = (await payment.Approve(customer)).Payment!.PaymentKey!;

        var done = await payment.Confirm(new ConfirmPayment(paymentKey, orderId, 40_000));

        Assert.Equal(ProviderPaymentStatus.Done, done.Payment!.Status);
        var refused = await _listener.NextAsync();
        var accepted = await _listener.NextAsync();
        Assert.Equal(refused.Body, accepted.Body);
        var verifier = Grains.Reference<IProviderWebhookGrain>(SandboxPaymentProvider.ProviderName);
        var verified = await verifier.Verify(accepted);
        Assert.True(verified.IsVerified, verified.Detail);
        Assert.Equal((orderId, paymentKey, ProviderPaymentStatus.Done, 40_000L),
            (verified.Webhook!.Reference, verified.Webhook.PaymentKey, verified.Webhook.PaymentStatus, verified.Webhook.AmountKrw));

        var tampered = accepted with { Body = [.. accepted.Body.Select(b => b == (byte)'4' ? (byte)'9' : b)] };
        Assert.Equal(WebhookRefusal.BadSignature, (await verifier.Verify(tampered)).Refusal);

        var report = await Grains.Reference<ISandboxSettlementGrain>(SettlementDay.Key(SettlementDay.Of(done.Payment.DoneAt!.Value))).Report();
        var entry = Assert.Single(report.Entries, e => e.Reference == orderId);
        Assert.Equal((SettlementEntryKind.Payment, 40_000L, 1_200L, verified.Webhook.EventId), (entry.Kind, entry.AmountKrw, entry.FeeKrw, entry.EntryId));
    }

    [Fact]
    public async Task The_done_webhook_finishes_a_top_up_whose_confirmation_was_lost_and_its_duplicate_moves_nothing()
    {
        var user = Guid.NewGuid();
        var wallet = Grains.Reference<IWalletGrain>(user);
        var orderId = (await wallet.StartTopUp(21_000, "lost-on-the-way")).OrderId!.Value;
        var payment = Grains.Reference<ISandboxPaymentGrain>(WalletGrain.OrderKey(orderId));
        var paymentKey = (await payment.Approve(user)).Payment!.PaymentKey!;
        // The provider took the money, but the answer never reached the wallet.
        await payment.Confirm(new ConfirmPayment(paymentKey, WalletGrain.OrderKey(orderId), 21_000));
        ProviderWebhookDelivery delivery;
        do
        {
            delivery = await _listener.NextAsync();
        }
        while (SandboxWebhookJson.Read(delivery.Body)?.Reference != WalletGrain.OrderKey(orderId));

        var receiver = Grains.Reference<IProviderWebhookGrain>(SandboxPaymentProvider.ProviderName);
        var seen = Grains.Reference<IProviderWebhookEventGrain>($"sandbox/{SandboxWebhookJson.Read(delivery.Body)!.EventId}");
        Assert.True((await receiver.Receive(delivery)).IsVerified);
        Assert.True(await seen.Applied());
        Assert.True((await receiver.Receive(delivery)).IsVerified);

        Assert.Equal(21_000, (await wallet.Balances()).Available);
    }

    [Fact]
    public async Task Payouts_finish_by_webhook_completed_or_failed()
    {
        var paid = $"payout-{Guid.NewGuid():N}";
        var bounced = $"payout-{Guid.NewGuid():N}";

        await Grains.Reference<ISandboxPayoutGrain>(paid).Request(new PayoutRequest(paid, new BankAccount("088", "110222333444", "Kim"), 65_000));
        await Grains.Reference<ISandboxPayoutGrain>(bounced).Request(new PayoutRequest(bounced, new BankAccount("088", "999000111", "Lee"), 8_000));

        var webhooks = new Dictionary<string, ProviderWebhook>();
        var verifier = Grains.Reference<IProviderWebhookGrain>(SandboxPaymentProvider.ProviderName);
        while (webhooks.Count < 2)
        {
            var webhook = (await verifier.Verify(await _listener.NextAsync())).Webhook!;
            if (webhook.Type == ProviderWebhookType.PayoutStatusChanged)
            {
                webhooks[webhook.Reference] = webhook;
            }
        }

        Assert.Equal(ProviderPayoutStatus.Completed, webhooks[paid].PayoutStatus);
        Assert.Equal(ProviderPayoutStatus.Failed, webhooks[bounced].PayoutStatus);
        Assert.Equal(ProviderPayoutStatus.Completed, (await Grains.Reference<ISandboxPayoutGrain>(paid).Get()).Payout!.Status);
    }

    /// <summary>An HTTP endpoint standing in for the gateway's webhook route: keeps what it is sent, and can fail on purpose.</summary>
    private sealed class WebhookListener
    {
        private readonly Channel<ProviderWebhookDelivery> _received = Channel.CreateUnbounded<ProviderWebhookDelivery>();
        private WebApplication? _app;
        private int _failures;

        public string Url { get; private set; } = "";

        public void FailNext(int count) => Interlocked.Exchange(ref _failures, count);

        public async Task<ProviderWebhookDelivery> NextAsync() =>
            await _received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(30));

        public async Task StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            Url = $"http://127.0.0.1:{FreePort.Next()}/api/payments/webhooks/sandbox";
            builder.WebHost.UseUrls(new Uri(Url).GetLeftPart(UriPartial.Authority));
            _app = builder.Build();
            _app.MapPost("/api/payments/webhooks/sandbox", async (HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                var headers = request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString()));
                await _received.Writer.WriteAsync(ProviderWebhookDelivery.From(body.ToArray(), headers));
                return Interlocked.Decrement(ref _failures) >= 0 ? Results.StatusCode(503) : Results.Ok();
            });
            await _app.StartAsync();
        }

        public async Task StopAsync()
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }
    }
}
