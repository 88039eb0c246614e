using OneDay.Grains.Interfaces.Payments.Providers;
using OneDay.Grains.Payments.Providers;

namespace OneDay.Tests.Unit.Payments.Providers;

public sealed class SandboxSettlementTests
{
    // 10:00 KST on 5 December.
    private static readonly DateTimeOffset Morning = new(2026, 12, 5, 1, 0, 0, TimeSpan.Zero);
    private static readonly DateOnly Day = new(2026, 12, 5);

    [Theory]
    [InlineData(10_000, 300, 300)]
    [InlineData(10_033, 300, 300)]
    [InlineData(999, 300, 29)]
    [InlineData(50_000, 0, 0)]
    [InlineData(long.MaxValue, 10_000, long.MaxValue)]
    public void The_payment_fee_is_the_rate_rounded_down_to_the_won(long amount, int basisPoints, long fee) =>
        Assert.Equal(fee, SandboxEvents.PaymentFee(amount, basisPoints));

    [Fact]
    public void A_done_payment_and_its_cancellation_settle_to_nothing()
    {
        var (_, done) = SandboxEvents.PaymentChanged(Payment(ProviderPaymentStatus.Done), Morning, 300);
        var (_, cancelled) = SandboxEvents.PaymentChanged(Payment(ProviderPaymentStatus.Canceled), Morning.AddHours(1), 300);

        var report = SandboxSettlement.Report(Day, [cancelled!, done!]);

        Assert.Equal([SettlementEntryKind.Payment, SettlementEntryKind.Cancellation], report.Entries.Select(e => e.Kind));
        Assert.Equal((30_000, 900), (done!.AmountKrw, done.FeeKrw));
        Assert.Equal(0, report.CollectedKrw);
        Assert.Equal(0, report.FeesKrw);
        Assert.NotEqual(done.EntryId, cancelled!.EntryId);
    }

    [Fact]
    public void Only_a_completed_payout_is_settled_with_its_fee()
    {
        var requested = new ProviderPayout("payout-000001", 70_000, ProviderPayoutStatus.Requested, Morning, null);
        var (completedHook, completed) = SandboxEvents.PayoutFinished(requested with { Status = ProviderPayoutStatus.Completed }, Morning, 500);
        var (failedHook, failed) = SandboxEvents.PayoutFinished(requested with { Status = ProviderPayoutStatus.Failed }, Morning, 500);

        Assert.Equal((SettlementEntryKind.Payout, 70_000, 500), (completed!.Kind, completed.AmountKrw, completed.FeeKrw));
        Assert.Null(failed);
        Assert.Equal(ProviderPayoutStatus.Failed, failedHook.PayoutStatus);
        Assert.Equal(completed.EntryId, completedHook.EventId);
        Assert.Equal(70_000, SandboxSettlement.Report(Day, [completed]).PaidOutKrw);
    }

    [Fact]
    public void Payments_that_are_not_settled_announce_a_webhook_without_an_entry()
    {
        var (webhook, entry) = SandboxEvents.PaymentChanged(Payment(ProviderPaymentStatus.Aborted), Morning, 300);

        Assert.Null(entry);
        Assert.Equal(ProviderPaymentStatus.Aborted, webhook.PaymentStatus);
    }

    [Fact]
    public void The_same_change_always_has_the_same_event_id()
    {
        var first = SandboxEvents.PaymentChanged(Payment(ProviderPaymentStatus.Done), Morning, 300).Webhook.EventId;
        var retried = SandboxEvents.PaymentChanged(Payment(ProviderPaymentStatus.Done), Morning.AddMinutes(1), 300).Webhook.EventId;

        Assert.Equal(first, retried);
    }

    [Fact]
    public void A_day_runs_from_midnight_in_korea()
    {
        Assert.Equal(new DateOnly(2026, 12, 6), SettlementDay.Of(new DateTimeOffset(2026, 12, 5, 15, 0, 0, TimeSpan.Zero)));
        Assert.Equal(new DateOnly(2026, 12, 5), SettlementDay.Of(new DateTimeOffset(2026, 12, 5, 14, 59, 59, TimeSpan.Zero)));
        Assert.Equal("2026-12-05", SettlementDay.Key(Day));
    }

    [Fact]
    public void A_report_holds_only_its_own_day_in_the_order_things_happened()
    {
        var (_, early) = SandboxEvents.PaymentChanged(Payment(ProviderPaymentStatus.Done, "order-early"), Morning, 300);
        var (_, late) = SandboxEvents.PaymentChanged(Payment(ProviderPaymentStatus.Done, "order-late"), Morning.AddHours(5), 300);
        var (_, nextDay) = SandboxEvents.PaymentChanged(Payment(ProviderPaymentStatus.Done, "order-next"), Morning.AddHours(14), 300);

        var report = SandboxSettlement.Report(Day, [late!, nextDay!, early!]);

        Assert.Equal(["order-early", "order-late"], report.Entries.Select(e => e.Reference));
        Assert.Equal(60_000, report.CollectedKrw);
        Assert.Equal(1_800, report.FeesKrw);
    }

    private static ProviderPayment Payment(ProviderPaymentStatus status, string orderId = "order-000001") =>
        new(orderId, "sbx_key", 30_000, Guid.Empty, status, Morning, Morning, Morning);
}
