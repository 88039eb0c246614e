using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Payments;

namespace OneDay.Tests.Unit.Payments;

/// <summary>
/// What every <see cref="ILedgerStore"/> answers alike: the memory store's tests here and the PostgreSQL store's in
/// OneDay.Tests (which compiles this file too) derive from it and run every test against their own store.
/// </summary>
public abstract class LedgerStoreContract
{
    protected static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    protected abstract ILedgerStore Store { get; }

    protected Guid Employer { get; } = Guid.NewGuid();

    protected static LedgerTransaction Transaction(LedgerTransactionKind kind, Posting[] postings, string? key = null) =>
        new(LedgerRules.TransactionId("test", key ?? Guid.NewGuid().ToString()), kind, postings, Now, $"test/{kind}");

    protected Task<LedgerAppendResult> TopUp(long amount, string? key = null) =>
        Store.AppendAsync(Transaction(LedgerTransactionKind.TopUp, PaymentRules.TopUpPostings(Employer, amount), key));

    protected Task<LedgerAppendResult> Hold(long amount) =>
        Store.AppendAsync(Transaction(LedgerTransactionKind.EscrowHold, PaymentRules.HoldPostings(Employer, Guid.NewGuid(), new ShiftCharge(amount, 0))));

    protected async Task<long> Available() => (await Store.BalancesAsync([LedgerAccount.EmployerAvailable(Employer)])).Single().Balance;

    [Fact]
    public async Task An_append_moves_every_balance_it_names_and_is_found_by_its_id()
    {
        await TopUp(100_000);
        var assignment = Guid.NewGuid();

        var hold = await Store.AppendAsync(Transaction(LedgerTransactionKind.EscrowHold, PaymentRules.HoldPostings(Employer, assignment, new ShiftCharge(50_000, 5_000))));

        Assert.Equal(LedgerAppendOutcome.Appended, hold.Outcome);
        var balances = await Store.BalancesAsync(
            [LedgerAccount.EmployerAvailable(Employer), LedgerAccount.Escrow(Employer, assignment), LedgerAccount.ProviderClearing, LedgerAccount.PlatformRevenue]);
        Assert.Equal([45_000L, 55_000L, -100_000L, 0L], balances.Select(b => b.Balance));
        var stored = await Store.FindAsync(hold.Transaction!.TransactionId);
        Assert.True(stored?.SameContentAs(hold.Transaction));
        Assert.Equal(Now, stored!.OccurredAt);
        Assert.Null(await Store.FindAsync(Guid.NewGuid()));
        var verification = await Store.VerifyAsync();
        Assert.True(verification.Ok, verification.Detail);
        Assert.Equal((2L, 3L), (verification.TransactionsChecked, verification.AccountsChecked));
    }

    [Fact]
    public async Task The_same_transaction_again_is_answered_with_the_stored_one_and_moves_nothing()
    {
        var first = await TopUp(10_000, "k1");

        var again = await Store.AppendAsync(first.Transaction! with { OccurredAt = Now.AddMinutes(1), Postings = [.. first.Transaction.Postings.Reverse()] });

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
    public async Task The_same_transaction_appended_concurrently_moves_money_once()
    {
        var topUp = Transaction(LedgerTransactionKind.TopUp, PaymentRules.TopUpPostings(Employer, 5_000), "racing");

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Store.AppendAsync(topUp))));

        Assert.Equal(1, results.Count(r => r.Outcome == LedgerAppendOutcome.Appended));
        Assert.Equal(19, results.Count(r => r.Outcome == LedgerAppendOutcome.AlreadyAppended));
        Assert.Equal(5_000, await Available());
    }

    [Fact]
    public async Task An_append_that_would_overdraw_is_refused_whole_and_names_the_account()
    {
        await TopUp(1_000);

        var refused = await Hold(1_001);

        Assert.Equal((LedgerAppendOutcome.InsufficientFunds, LedgerAccount.EmployerAvailable(Employer)), (refused.Outcome, refused.Overdrawn));
        Assert.Equal(1_000, await Available());
        Assert.Equal(1, (await Store.VerifyAsync()).TransactionsChecked);
        Assert.Equal(LedgerAppendOutcome.Appended, (await Hold(1_000)).Outcome);
        Assert.Equal(0, await Available());
    }

    [Fact]
    public async Task The_platforms_adjustment_account_may_go_negative_but_a_user_account_it_takes_from_may_not()
    {
        Posting[] Adjust(long amount) => [new(LedgerAccount.EmployerAvailable(Employer), amount), new(LedgerAccount.PlatformAdjustments, -amount)];

        var given = await Store.AppendAsync(Transaction(LedgerTransactionKind.Adjustment, Adjust(500)));
        var overTaken = await Store.AppendAsync(Transaction(LedgerTransactionKind.Adjustment, Adjust(-501)));

        Assert.Equal(LedgerAppendOutcome.Appended, given.Outcome);
        Assert.Equal((LedgerAppendOutcome.InsufficientFunds, LedgerAccount.EmployerAvailable(Employer)), (overTaken.Outcome, overTaken.Overdrawn));
        Assert.Equal(-500, (await Store.BalancesAsync([LedgerAccount.PlatformAdjustments])).Single().Balance);
        Assert.True((await Store.VerifyAsync()).Ok);
    }

    [Fact]
    public async Task Concurrent_holds_succeed_exactly_as_far_as_the_money_goes()
    {
        await TopUp(10_000);
        // Other movements in the same race, opening and sharing accounts, so the balances really contend.
        var worker = Guid.NewGuid();
        var others = Enumerable.Range(0, 10).Select(_ => Transaction(LedgerTransactionKind.Adjustment,
            [new Posting(LedgerAccount.ProviderClearing, -100), new Posting(LedgerAccount.WorkerAvailable(worker), 90), new Posting(LedgerAccount.PlatformRevenue, 10)]));

        var holds = Enumerable.Range(0, 40).Select(_ => Task.Run(() => Hold(1_000))).ToArray();
        var adjusted = await Task.WhenAll(others.Select(t => Task.Run(() => Store.AppendAsync(t))));
        var results = await Task.WhenAll(holds);

        Assert.Equal(10, results.Count(r => r.Outcome == LedgerAppendOutcome.Appended));
        Assert.Equal(30, results.Count(r => r.Outcome == LedgerAppendOutcome.InsufficientFunds));
        Assert.All(adjusted, r => Assert.Equal(LedgerAppendOutcome.Appended, r.Outcome));
        Assert.Equal(0, await Available());
        Assert.Equal(900, (await Store.BalancesAsync([LedgerAccount.WorkerAvailable(worker)])).Single().Balance);
        var verification = await Store.VerifyAsync();
        Assert.True(verification.Ok, verification.Detail);
        Assert.Equal(21, verification.TransactionsChecked);
    }

    [Fact]
    public async Task A_wallet_reads_all_of_its_owners_accounts_escrow_included()
    {
        await TopUp(10_000);
        await Hold(3_000);
        await Hold(2_000);

        var wallet = WalletBalances.From(Employer, await Store.OwnerBalancesAsync(Employer));

        Assert.Equal(new WalletBalances(Employer, 5_000, 5_000, 0), wallet);
        Assert.Empty(await Store.OwnerBalancesAsync(Guid.Empty));
    }

    [Fact]
    public async Task An_accounts_history_pages_newest_first()
    {
        for (var i = 1; i <= 5; i++)
        {
            await TopUp(i);
        }

        var account = LedgerAccount.EmployerAvailable(Employer);
        var first = await Store.EntriesAsync(account, null, 2);
        var second = await Store.EntriesAsync(account, first.NextBefore, 2);
        var last = await Store.EntriesAsync(account, second.NextBefore, 2);

        Assert.Equal([5L, 4L, 3L, 2L, 1L], first.Items.Concat(second.Items).Concat(last.Items).Select(e => e.Amount));
        Assert.Null(last.NextBefore);
        Assert.All(first.Items, e => Assert.Equal((LedgerTransactionKind.TopUp, Now, "test/TopUp"), (e.Kind, e.OccurredAt, e.Reference)));
    }

    [Fact]
    public async Task An_invalid_transaction_is_a_bug_of_the_caller()
    {
        var unbalanced = Transaction(LedgerTransactionKind.TopUp,
            [new Posting(LedgerAccount.ProviderClearing, -5), new Posting(LedgerAccount.EmployerAvailable(Employer), 4)]);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Store.AppendAsync(unbalanced));

        Assert.Contains("sum to zero", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, (await Store.VerifyAsync()).TransactionsChecked);
    }
}
