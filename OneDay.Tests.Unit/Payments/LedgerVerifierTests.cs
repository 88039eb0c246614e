using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Payments;

namespace OneDay.Tests.Unit.Payments;

public sealed class LedgerVerifierTests
{
    private static readonly Guid Employer = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly LedgerAccount Available = LedgerAccount.EmployerAvailable(Employer);

    private static LedgerTransaction TopUp(long amount) =>
        new(Guid.NewGuid(), LedgerTransactionKind.TopUp, PaymentRules.TopUpPostings(Employer, amount), Now, "top-up");

    private static Dictionary<LedgerAccount, long> Balances(long available) =>
        new() { [Available] = available, [LedgerAccount.ProviderClearing] = -available };

    [Fact]
    public void A_consistent_ledger_verifies()
    {
        var result = LedgerVerifier.Verify([TopUp(100), TopUp(50)], Balances(150));

        Assert.Equal((true, 2L, 2L), (result.Ok, result.TransactionsChecked, result.AccountsChecked));
    }

    [Fact]
    public void An_empty_ledger_verifies() => Assert.True(LedgerVerifier.Verify([], new Dictionary<LedgerAccount, long>()).Ok);

    [Fact]
    public void The_first_unbalanced_transaction_is_named()
    {
        var broken = TopUp(10) with { Postings = [new Posting(LedgerAccount.ProviderClearing, -10), new Posting(Available, 9)] };

        var result = LedgerVerifier.Verify([TopUp(100), broken, TopUp(1) with { Postings = [] }], Balances(109));

        Assert.Equal((LedgerDiscrepancy.UnbalancedTransaction, broken.TransactionId), (result.Discrepancy, result.TransactionId));
    }

    [Fact]
    public void A_cached_balance_that_is_not_its_postings_sum_is_named()
    {
        var balances = Balances(100);
        balances[Available] = 101;

        var result = LedgerVerifier.Verify([TopUp(100)], balances);

        Assert.Equal((LedgerDiscrepancy.BalanceMismatch, Available), (result.Discrepancy, result.Account));
        Assert.Equal("balance 101, postings sum to 100", result.Detail);
    }

    [Fact]
    public void A_balance_without_postings_is_a_mismatch()
    {
        var balances = Balances(100);
        balances[LedgerAccount.PlatformRevenue] = 5;

        Assert.Equal(LedgerAccount.PlatformRevenue, LedgerVerifier.Verify([TopUp(100)], balances).Account);
    }

    [Fact]
    public void A_negative_balance_where_none_may_be_is_named()
    {
        var overdraw = new LedgerTransaction(Guid.NewGuid(), LedgerTransactionKind.Adjustment,
            [new Posting(Available, -10), new Posting(LedgerAccount.PlatformRevenue, 10)], Now, "adjustment");

        var result = LedgerVerifier.Verify([overdraw], new Dictionary<LedgerAccount, long> { [Available] = -10, [LedgerAccount.PlatformRevenue] = 10 });

        Assert.Equal((LedgerDiscrepancy.NegativeBalance, Available), (result.Discrepancy, result.Account));
    }
}
