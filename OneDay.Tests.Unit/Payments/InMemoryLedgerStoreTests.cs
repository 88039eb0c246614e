using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Payments;

namespace OneDay.Tests.Unit.Payments;

/// <summary>The embedded ledger; OneDay.Tests holds the PostgreSQL one to the same behaviour.</summary>
public sealed class InMemoryLedgerStoreTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private readonly InMemoryLedgerStore _store = new(new PaymentOptions());
    private readonly Guid _employer = Guid.NewGuid();

    private static LedgerTransaction Transaction(LedgerTransactionKind kind, Posting[] postings, string? key = null) =>
        new(LedgerRules.TransactionId("test", key ?? Guid.NewGuid().ToString()), kind, postings, Now, $"test/{kind}");

    private Task<LedgerAppendResult> TopUp(long amount, string? key = null) =>
        _store.AppendAsync(Transaction(LedgerTransactionKind.TopUp, PaymentRules.TopUpPostings(_employer, amount), key));

    private Task<LedgerAppendResult> Hold(long amount) =>
        _store.AppendAsync(Transaction(LedgerTransactionKind.EscrowHold, PaymentRules.HoldPostings(_employer, Guid.NewGuid(), new ShiftCharge(amount, 0))));

    private async Task<long> Available() =>
        (await _store.BalancesAsync([LedgerAccount.EmployerAvailable(_employer)])).Single().Balance;

    [Fact]
    public async Task An_append_moves_every_balance_it_names()
    {
        var result = await TopUp(10_000);

        Assert.Equal(LedgerAppendOutcome.Appended, result.Outcome);
        var balances = await _store.BalancesAsync([LedgerAccount.EmployerAvailable(_employer), LedgerAccount.ProviderClearing, LedgerAccount.PlatformRevenue]);
        Assert.Equal([10_000L, -10_000L, 0L], balances.Select(b => b.Balance));
        Assert.True((await _store.VerifyAsync()).Ok);
    }

    [Fact]
    public async Task The_same_transaction_again_is_answered_with_the_stored_one_and_moves_nothing()
    {
        var first = await TopUp(10_000, "k1");

        var again = await _store.AppendAsync(first.Transaction! with { OccurredAt = Now.AddMinutes(1) });

        Assert.Equal(LedgerAppendOutcome.AlreadyAppended, again.Outcome);
        Assert.Equal(Now, again.Transaction!.OccurredAt);
        Assert.Equal(10_000, await Available());
    }

    [Fact]
    public async Task The_same_id_with_other_content_is_a_conflict_and_moves_nothing()
    {
        await TopUp(10_000, "k1");

        var conflict = await TopUp(20_000, "k1");

        Assert.Equal(LedgerAppendOutcome.Conflict, conflict.Outcome);
        Assert.Equal(10_000, conflict.Transaction!.Postings.Single(p => p.Amount > 0).Amount);
        Assert.Equal(10_000, await Available());
    }

    [Fact]
    public async Task An_append_that_would_overdraw_is_refused_whole()
    {
        await TopUp(1_000);

        var refused = await Hold(1_001);

        Assert.Equal((LedgerAppendOutcome.InsufficientFunds, LedgerAccount.EmployerAvailable(_employer)), (refused.Outcome, refused.Overdrawn));
        Assert.Equal(1_000, await Available());
        Assert.Equal(LedgerAppendOutcome.Appended, (await Hold(1_000)).Outcome);
        Assert.Equal(0, await Available());
    }

    [Fact]
    public async Task Concurrent_holds_succeed_exactly_as_far_as_the_money_goes()
    {
        await TopUp(10_000);

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => Hold(1_000))));

        Assert.Equal(10, results.Count(r => r.Outcome == LedgerAppendOutcome.Appended));
        Assert.Equal(40, results.Count(r => r.Outcome == LedgerAppendOutcome.InsufficientFunds));
        Assert.Equal(0, await Available());
        Assert.True((await _store.VerifyAsync()).Ok);
    }

    [Fact]
    public async Task An_invalid_transaction_is_a_bug_of_the_caller()
    {
        var unbalanced = Transaction(LedgerTransactionKind.TopUp,
            [new Posting(LedgerAccount.ProviderClearing, -5), new Posting(LedgerAccount.EmployerAvailable(_employer), 4)]);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _store.AppendAsync(unbalanced));

        Assert.Contains("sum to zero", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wallet_reads_all_of_its_owners_accounts()
    {
        await TopUp(10_000);
        await Hold(3_000);
        await Hold(2_000);

        var wallet = WalletBalances.From(_employer, await _store.OwnerBalancesAsync(_employer));

        Assert.Equal(new WalletBalances(_employer, 5_000, 5_000, 0), wallet);
    }

    [Fact]
    public async Task An_accounts_history_pages_newest_first()
    {
        for (var i = 1; i <= 5; i++)
        {
            await TopUp(i);
        }

        var account = LedgerAccount.EmployerAvailable(_employer);
        var first = await _store.EntriesAsync(account, null, 2);
        var second = await _store.EntriesAsync(account, first.NextBefore, 2);
        var last = await _store.EntriesAsync(account, second.NextBefore, 2);

        Assert.Equal([5L, 4L, 3L, 2L, 1L], first.Items.Concat(second.Items).Concat(last.Items).Select(e => e.Amount));
        Assert.Null(last.NextBefore);
        Assert.All(first.Items, e => Assert.Equal(LedgerTransactionKind.TopUp, e.Kind));
    }
}
