using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Payments;

namespace OneDay.Tests.Unit.Payments;

/// <summary>Where a released escrow goes, with worked examples on a 200,000 KRW shift and its 20,000 KRW fee.</summary>
public sealed class EscrowReleaseTests
{
    private static readonly PaymentOptions Options = new();
    private static readonly ShiftCharge Charge = new(200_000, 20_000);
    private static readonly DateTimeOffset Start = new(2026, 12, 10, 9, 0, 0, TimeSpan.Zero);

    private static SettlementSplit Release(EscrowEndKind kind, DateTimeOffset at, long workerWage = 0, long held = 220_000) =>
        PaymentRules.ReleaseSplit(Charge, held, new EscrowEnd(kind, at, workerWage), Start, Options);

    [Fact]
    public void A_completed_shift_pays_the_wage_less_withholding_and_charges_the_fee()
    {
        var split = Release(EscrowEndKind.Completed, Start.AddHours(8));

        Assert.Equal(new SettlementSplit(198_515, 20_000, new WithheldTax(1_350, 135), 0), split);
    }

    [Fact]
    public void A_refund_returns_everything_held()
    {
        Assert.Equal(new SettlementSplit(0, 0, WithheldTax.None, 220_000), Release(EscrowEndKind.Refunded, Start.AddDays(-3)));
    }

    [Theory]
    [InlineData(-25, 0)]  // a day and an hour before the start: outside the 24 h window, refunded whole
    [InlineData(-24, 100_000)] // exactly 24 h before: inside, half the wage, no fee
    [InlineData(-1, 100_000)]
    [InlineData(1, 100_000)] // after the start (nobody checked in yet)
    public void A_late_cancellation_pays_the_worker_a_share_of_the_wage(int hoursFromStart, long paid)
    {
        var split = Release(EscrowEndKind.CancelledByEmployer, Start.AddHours(hoursFromStart));

        Assert.Equal(paid, split.NetPay + split.Withholding.Total);
        Assert.Equal(0, split.Fee);
        Assert.Equal(220_000 - paid, split.Refund);
    }

    [Fact]
    public void An_admins_split_charges_the_fee_on_the_part_paid()
    {
        var split = Release(EscrowEndKind.Resolved, Start.AddDays(1), workerWage: 100_000);

        Assert.Equal(new SettlementSplit(100_000, 10_000, WithheldTax.None, 110_000), split);
    }

    [Fact]
    public void A_resolution_never_pays_more_than_the_wage_held()
    {
        Assert.Equal(new SettlementSplit(198_515, 20_000, new WithheldTax(1_350, 135), 0),
            Release(EscrowEndKind.Resolved, Start.AddDays(1), workerWage: 999_999));
    }

    [Fact]
    public void The_fee_is_what_was_held_above_the_wage_even_if_the_rate_changed_since()
    {
        var split = Release(EscrowEndKind.Completed, Start.AddHours(8), held: 230_000);

        Assert.Equal(30_000, split.Fee);
        Assert.Equal(230_000, split.Total);
    }

    [Theory]
    [InlineData(EscrowEndKind.Completed)]
    [InlineData(EscrowEndKind.CancelledByEmployer)]
    [InlineData(EscrowEndKind.Refunded)]
    [InlineData(EscrowEndKind.Resolved)]
    public void Every_release_moves_exactly_what_was_held_and_balances(EscrowEndKind kind)
    {
        var split = Release(kind, Start.AddHours(-2), workerWage: 123_457);
        var postings = PaymentRules.SettlementPostings(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), split);

        Assert.Equal(220_000, split.Total);
        Assert.Equal(0, postings.Sum(p => p.Amount));
        Assert.DoesNotContain(postings, p => p.Amount == 0);
        Assert.Empty(LedgerRules.Validate(new LedgerTransaction(Guid.NewGuid(), LedgerTransactionKind.Settlement, postings, Start, "t"), Options.MaxMovementKrw));
    }

    [Fact]
    public void Points_are_a_share_of_net_pay_rounded_down()
    {
        Assert.Equal(1_985, PaymentRules.PointsFor(198_515, Options));
        Assert.Equal(0, PaymentRules.PointsFor(99, Options));
        Assert.Equal(0, PaymentRules.PointsFor(0, Options));
    }
}
