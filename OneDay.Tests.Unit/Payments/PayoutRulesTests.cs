using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Interfaces.Payments.Providers;
using OneDay.Grains.Payments;

namespace OneDay.Tests.Unit.Payments;

public sealed class PayoutRulesTests
{
    private static readonly Guid Worker = Guid.NewGuid();
    private static readonly DateOnly Day = new(2026, 12, 5);
    private static readonly DateTimeOffset Noon = new(2026, 12, 5, 12, 0, 0, SettlementDay.KoreaOffset);

    [Theory]
    [InlineData("088", "110-222-333444", "Kim", null)]
    [InlineData("88", "110222333444", "Kim", "bankCode")]
    [InlineData("08a", "110222333444", "Kim", "bankCode")]
    [InlineData("088", "12345", "Kim", "accountNumber")]
    [InlineData("088", "-----------", "Kim", "accountNumber")]
    [InlineData("088", "1234567890123456789012", "Kim", "accountNumber")]
    [InlineData("088", "110222333444", "  ", "holderName")]
    public void A_bank_account_needs_a_bank_code_an_account_number_and_a_holder(string code, string number, string holder, string? field)
    {
        var errors = PayoutRules.Validate(new BankAccount(code, number, holder));

        Assert.Equal(field is null ? [] : [field], errors.Select(e => e.Field));
    }

    [Fact]
    public void A_payout_request_names_its_worker_and_nothing_else_does()
    {
        var requested = new LedgerTransaction(Guid.NewGuid(), LedgerTransactionKind.PayoutRequested,
            PaymentRules.PayoutRequestedPostings(Worker, 1_000), Noon, PayoutRules.Scope(Worker));

        Assert.Equal(Worker, PayoutRules.WorkerOf(requested));
        Assert.Null(PayoutRules.WorkerOf(requested with { Kind = LedgerTransactionKind.TopUp }));
        Assert.Null(PayoutRules.WorkerOf(requested with { Reference = $"top-up/{Worker:N}" }));
    }

    [Fact]
    public void The_daily_limit_counts_the_days_requests_in_korean_time_except_those_that_failed()
    {
        var bounced = Guid.NewGuid();
        LedgerEntry[] pending =
        [
            Entry(LedgerTransactionKind.PayoutRequested, 30_000, Noon) with { TransactionId = bounced },
            new(2, Guid.NewGuid(), LedgerTransactionKind.PayoutFailed, -30_000, Noon.AddMinutes(1), PayoutRules.OutcomeReference(Worker, bounced)),
            Entry(LedgerTransactionKind.PayoutRequested, 40_000, Noon.AddMinutes(5)),
            Entry(LedgerTransactionKind.PayoutRequested, 20_000, Noon.AddHours(2)),
            Entry(LedgerTransactionKind.PayoutCompleted, -20_000, Noon.AddHours(3)),
            // 23:30 UTC on the 4th is 08:30 KST on the 5th; 14:59 UTC on the 4th is the day before.
            Entry(LedgerTransactionKind.PayoutRequested, 5_000, new DateTimeOffset(2026, 12, 4, 23, 30, 0, TimeSpan.Zero)),
            Entry(LedgerTransactionKind.PayoutRequested, 7_000, new DateTimeOffset(2026, 12, 4, 14, 59, 0, TimeSpan.Zero)),
        ];

        Assert.Equal(65_000, PayoutRules.RequestedOn(Day, pending));
    }

    [Fact]
    public void A_completed_payout_is_reconciled_by_its_payout_id_and_a_top_up_by_its_own()
    {
        var payout = Guid.NewGuid();
        var completion = new LedgerEntry(1, Guid.NewGuid(), LedgerTransactionKind.PayoutCompleted, 5_000, Noon, PayoutRules.OutcomeReference(Worker, payout));
        var topUp = Entry(LedgerTransactionKind.TopUp, -5_000, Noon);

        Assert.Equal(payout.ToString("N"), ReconciliationRules.ProviderReference(completion));
        Assert.Equal(topUp.TransactionId.ToString("N"), ReconciliationRules.ProviderReference(topUp));
    }

    private static LedgerEntry Entry(LedgerTransactionKind kind, long amount, DateTimeOffset at) =>
        new(1, Guid.NewGuid(), kind, amount, at, PayoutRules.Scope(Worker));
}
