using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Interfaces.Payments.Providers;
using OneDay.Grains.Payments;

namespace OneDay.Tests.Unit.Payments;

public sealed class ReconciliationRulesTests
{
    private static readonly DateOnly Day = new(2026, 12, 5);
    private static readonly DateTimeOffset Noon = new(2026, 12, 5, 12, 0, 0, SettlementDay.KoreaOffset);

    [Fact]
    public void A_payment_the_ledger_recorded_with_its_amount_matches()
    {
        var order = Guid.NewGuid();

        var result = Compare([Paid(order, 10_000, Noon)], [Clearing(order, -10_000, Noon.AddSeconds(1))]);

        Assert.Equal(1, result.Matched);
        Assert.Empty(result.Differences);
        Assert.Equal((10_000L, 300L), (result.CollectedKrw, result.FeesKrw));
    }

    [Fact]
    public void Each_disagreement_is_named_by_its_reference()
    {
        Guid lost = Guid.NewGuid(), invented = Guid.NewGuid(), wrong = Guid.NewGuid();

        var result = Compare(
            [Paid(lost, 5_000, Noon), Paid(wrong, 7_000, Noon)],
            [Clearing(invented, -2_000, Noon), Clearing(wrong, -8_000, Noon)]);

        Assert.Equal(0, result.Matched);
        Assert.Equal(
            new[]
            {
                (ReconciliationDifferenceKind.MissingInLedger, lost, -5_000L, 0L),
                (ReconciliationDifferenceKind.MissingAtProvider, invented, 0L, -2_000L),
                (ReconciliationDifferenceKind.AmountMismatch, wrong, -7_000L, -8_000L),
            }.OrderBy(d => d.Item2.ToString("N"), StringComparer.Ordinal),
            result.Differences.Select(d => (d.Kind, Guid.ParseExact(d.Reference, "N"), d.ProviderClearingKrw, d.LedgerClearingKrw)));
    }

    [Fact]
    public void A_cancellation_the_ledger_never_heard_of_shows_as_a_difference()
    {
        var order = Guid.NewGuid();
        var cancelled = new SettlementEntry("evt_c", SettlementEntryKind.Cancellation, order.ToString("N"), "sbx_k", -10_000, -300, Noon.AddHours(1));

        var result = Compare([Paid(order, 10_000, Noon), cancelled], [Clearing(order, -10_000, Noon)]);

        var difference = Assert.Single(result.Differences);
        Assert.Equal((ReconciliationDifferenceKind.AmountMismatch, 0L, -10_000L), (difference.Kind, difference.ProviderClearingKrw, difference.LedgerClearingKrw));
    }

    [Fact]
    public void Around_midnight_a_posting_counts_for_the_day_whose_report_names_it()
    {
        var lateAppend = Guid.NewGuid();
        var yesterdays = Guid.NewGuid();
        var midnight = new DateTimeOffset(2026, 12, 6, 0, 0, 0, SettlementDay.KoreaOffset);
        var startOfDay = midnight.AddDays(-1);

        var result = Compare(
            [Paid(lateAppend, 3_000, midnight.AddSeconds(-5))],
            [Clearing(lateAppend, -3_000, midnight.AddSeconds(2)), Clearing(yesterdays, -4_000, startOfDay.AddMinutes(3)),
                Clearing(Guid.NewGuid(), -1_000, midnight.AddMinutes(10))]);

        Assert.Equal(1, result.Matched);
        Assert.Empty(result.Differences);
        Assert.Equal(startOfDay - ReconciliationRules.Straddle, ReconciliationRules.ReadFrom(Day));
    }

    private static ReconciliationReport Compare(SettlementEntry[] report, LedgerEntry[] ledger) =>
        ReconciliationRules.Compare("sandbox", new SettlementReport(Day, report), ledger);

    private static SettlementEntry Paid(Guid order, long amount, DateTimeOffset at) =>
        new("evt_" + order.ToString("N")[..8], SettlementEntryKind.Payment, order.ToString("N"), "sbx_k", amount, amount * 3 / 100, at);

    private static LedgerEntry Clearing(Guid transaction, long amount, DateTimeOffset at) =>
        new(1, transaction, LedgerTransactionKind.TopUp, amount, at, "top-up/x");

    [Theory]
    [InlineData(0, 30, new[] { "2026-12-03" })] // 00:30 KST: the 4th's late postings may still come
    [InlineData(1, 0, new[] { "2026-12-04" })] // 01:00: the 4th has closed
    [InlineData(23, 59, new[] { "2026-12-04" })]
    public void The_first_run_reconciles_the_last_day_whose_straddle_is_over(int hour, int minute, string[] expected)
    {
        var now = new DateTimeOffset(2026, 12, 5, hour, minute, 0, SettlementDay.KoreaOffset);

        Assert.Equal(expected, ReconciliationRules.DueDays(null, now, 7).Select(SettlementDay.Key));
    }

    [Fact]
    public void Later_runs_catch_up_every_missed_day_oldest_first_a_bounded_number_at_a_time()
    {
        var now = new DateTimeOffset(2026, 12, 5, 9, 0, 0, SettlementDay.KoreaOffset);

        Assert.Equal(["2026-12-01", "2026-12-02"], ReconciliationRules.DueDays(new DateOnly(2026, 11, 30), now, 2).Select(SettlementDay.Key));
        Assert.Equal(4, ReconciliationRules.DueDays(new DateOnly(2026, 11, 30), now, 7).Count());
        Assert.Empty(ReconciliationRules.DueDays(new DateOnly(2026, 12, 4), now, 7));
    }
}
