using Microsoft.Extensions.Time.Testing;
using OneDay.Grains.Interfaces.Payments.Providers;
using OneDay.Grains.Payments.Providers;

namespace OneDay.Tests.Unit.Payments.Providers;

/// <summary>When the sandbox sends which webhook: the schedule its grains follow, driven here by a fake clock.</summary>
public sealed class WebhookOutboxTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
    private readonly WebhookOutbox _outbox = new();

    private DateTimeOffset Now => _time.GetUtcNow();

    [Fact]
    public void Without_misbehaviour_a_webhook_is_due_at_once_and_sent_once()
    {
        _outbox.Enqueue(Done(), Now, WebhookDeliveryPolicy.Prompt);

        var sent = SendDue(WebhookDeliveryPolicy.Prompt);

        Assert.Equal(["DONE"], sent);
        Assert.Null(_outbox.NextDueAt);
    }

    [Fact]
    public void A_late_webhook_waits_for_the_delay()
    {
        var late = new WebhookDeliveryPolicy(TimeSpan.FromSeconds(30), Duplicate: false, Reorder: false);
        _outbox.Enqueue(Done(), Now, late);

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Empty(SendDue(late));
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(["DONE"], SendDue(late));
    }

    [Fact]
    public void A_duplicated_webhook_is_sent_twice_with_the_same_event_id_and_body()
    {
        var twice = new WebhookDeliveryPolicy(TimeSpan.Zero, Duplicate: true, Reorder: false);
        _outbox.Enqueue(Done(), Now, twice);
        var first = _outbox.Due(Now, twice).Single();
        var (eventId, body) = (first.EventId, first.Body);
        _outbox.Delivered(first);

        Assert.Equal(Now + twice.DuplicateGap, _outbox.NextDueAt);
        _time.Advance(twice.DuplicateGap);
        var copy = _outbox.Due(Now, twice).Single();
        Assert.Equal(eventId, copy.EventId);
        Assert.Equal(body, copy.Body);
    }

    [Fact]
    public void With_reordering_a_newer_webhook_overtakes_the_older_one_still_waiting()
    {
        var reordered = new WebhookDeliveryPolicy(TimeSpan.FromSeconds(10), Duplicate: false, Reorder: true);
        _outbox.Enqueue(Done(), Now, reordered);
        _time.Advance(TimeSpan.FromSeconds(4));
        _outbox.Enqueue(Done() with { EventId = "evt_cancel", PaymentStatus = ProviderPaymentStatus.Canceled }, Now, reordered);

        _time.Advance(TimeSpan.FromSeconds(6));
        Assert.Empty(SendDue(reordered));
        _time.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(["CANCELED", "DONE"], SendDue(reordered));
    }

    [Fact]
    public void Without_reordering_webhooks_go_out_in_the_order_of_their_events()
    {
        var late = new WebhookDeliveryPolicy(TimeSpan.FromSeconds(10), Duplicate: false, Reorder: false);
        _outbox.Enqueue(Done(), Now, late);
        _outbox.Enqueue(Done() with { EventId = "evt_cancel", PaymentStatus = ProviderPaymentStatus.Canceled }, Now, late);

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(["DONE", "CANCELED"], SendDue(late));
    }

    [Fact]
    public void A_duplicate_copy_still_waiting_can_arrive_after_a_newer_webhook()
    {
        var both = new WebhookDeliveryPolicy(TimeSpan.FromSeconds(5), Duplicate: true, Reorder: true);
        _outbox.Enqueue(Done(), Now, both);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["DONE"], SendDue(both));
        _outbox.Enqueue(Done() with { EventId = "evt_cancel", PaymentStatus = ProviderPaymentStatus.Canceled }, Now, both);

        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(["CANCELED", "DONE"], SendDue(both));
    }

    [Fact]
    public void A_failing_endpoint_is_retried_with_doubling_delays_up_to_the_cap_and_then_given_up()
    {
        var policy = WebhookDeliveryPolicy.Prompt with
        {
            FirstRetryDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromSeconds(8), MaxAttempts = 6,
        };
        _outbox.Enqueue(Done(), Now, policy);
        var waits = new List<double>();

        while (_outbox.Due(Now, policy).SingleOrDefault() is { } delivery)
        {
            if (!_outbox.Failed(delivery, Now, policy))
            {
                break;
            }

            var wait = _outbox.NextDueAt!.Value - Now;
            waits.Add(wait.TotalSeconds);
            _time.Advance(wait - TimeSpan.FromMilliseconds(1));
            Assert.Empty(_outbox.Due(Now, policy));
            _time.Advance(TimeSpan.FromMilliseconds(1));
        }

        Assert.Equal([1, 2, 4, 8, 8], waits);
        Assert.Empty(_outbox.Pending);
    }

    [Fact]
    public void A_delivery_that_succeeds_after_failures_leaves_the_outbox()
    {
        _outbox.Enqueue(Done(), Now, WebhookDeliveryPolicy.Prompt);
        var delivery = _outbox.Due(Now, WebhookDeliveryPolicy.Prompt).Single();
        Assert.True(_outbox.Failed(delivery, Now, WebhookDeliveryPolicy.Prompt));

        _time.Advance(WebhookDeliveryPolicy.Prompt.FirstRetryDelay);
        Assert.Equal(["DONE"], SendDue(WebhookDeliveryPolicy.Prompt));
        Assert.Empty(_outbox.Pending);
    }

    private List<string> SendDue(WebhookDeliveryPolicy policy)
    {
        var sent = new List<string>();
        foreach (var delivery in _outbox.Due(Now, policy))
        {
            var webhook = SandboxWebhookJson.Read(delivery.Body)!;
            sent.Add(webhook.PaymentStatus!.Value == ProviderPaymentStatus.Done ? "DONE" : "CANCELED");
            _outbox.Delivered(delivery);
        }

        return sent;
    }

    private ProviderWebhook Done() => new("evt_done", ProviderWebhookType.PaymentStatusChanged, "order-000001", "sbx_key",
        ProviderPaymentStatus.Done, null, 10_000, Now);
}
