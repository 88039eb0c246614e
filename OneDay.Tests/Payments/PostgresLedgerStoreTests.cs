using Npgsql;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Payments;
using OneDay.Silo.Postgres;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Payments;

/// <summary>
/// The cluster-mode ledger on the migrated schema (0014): whole appends, idempotent ids, no overdraft however
/// appends race, rows nobody can change, and a verification that names what was tampered with.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresLedgerStoreTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private readonly Guid _employer = Guid.NewGuid();
    private string _db = string.Empty;
    private PostgresLedgerStore? _store;

    private PostgresLedgerStore Store => _store!;

    public async Task InitializeAsync()
    {
        _db = await postgres.CreateMigratedDatabaseAsync("ledger_store");
        _store = Open(_db);
    }

    private static PostgresLedgerStore Open(string db) => new(PostgresDataSources.Build(db), new PaymentOptions());

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    private static LedgerTransaction Transaction(LedgerTransactionKind kind, Posting[] postings, string? key = null) =>
        new(LedgerRules.TransactionId("test", key ?? Guid.NewGuid().ToString()), kind, postings, Now, $"test/{kind}");

    private Task<LedgerAppendResult> TopUp(long amount, string? key = null) =>
        Store.AppendAsync(Transaction(LedgerTransactionKind.TopUp, PaymentRules.TopUpPostings(_employer, amount), key));

    private Task<LedgerAppendResult> Hold(long amount) =>
        Store.AppendAsync(Transaction(LedgerTransactionKind.EscrowHold, PaymentRules.HoldPostings(_employer, Guid.NewGuid(), new ShiftCharge(amount, 0))));

    private async Task<long> Available() => (await Store.BalancesAsync([LedgerAccount.EmployerAvailable(_employer)])).Single().Balance;

    private Task<long> Rows(string table) => Sql.ScalarAsync<long>(_db, $"SELECT count(*) FROM {table}");

    [Fact]
    public async Task An_append_stores_the_transaction_its_postings_and_the_balances_it_moves()
    {
        var topUp = await TopUp(100_000);
        var charge = new ShiftCharge(50_000, 5_000);
        var assignment = Guid.NewGuid();
        var hold = await Store.AppendAsync(Transaction(LedgerTransactionKind.EscrowHold, PaymentRules.HoldPostings(_employer, assignment, charge)));

        Assert.Equal([LedgerAppendOutcome.Appended, LedgerAppendOutcome.Appended], new[] { topUp.Outcome, hold.Outcome });
        var stored = await Store.FindAsync(hold.Transaction!.TransactionId);
        Assert.NotNull(stored);
        Assert.True(stored.SameContentAs(hold.Transaction));
        Assert.Equal(Now, stored.OccurredAt);
        Assert.Equal(
            [45_000L, 55_000L, -100_000L],
            (await Store.BalancesAsync([LedgerAccount.EmployerAvailable(_employer), LedgerAccount.Escrow(_employer, assignment), LedgerAccount.ProviderClearing]))
                .Select(b => b.Balance));
        Assert.Equal((2L, 4L), (await Rows("oneday_ledger_transactions"), await Rows("oneday_ledger_postings")));
        var verification = await Store.VerifyAsync();
        Assert.True(verification.Ok, verification.Detail);
        Assert.Equal((2L, 3L), (verification.TransactionsChecked, verification.AccountsChecked));
    }

    [Fact]
    public async Task A_wallet_reads_its_owners_accounts_escrow_included()
    {
        await TopUp(100_000);
        await Hold(30_000);
        await Hold(20_000);

        var wallet = WalletBalances.From(_employer, await Store.OwnerBalancesAsync(_employer));

        Assert.Equal(new WalletBalances(_employer, 50_000, 50_000, 0), wallet);
        Assert.Empty(await Store.OwnerBalancesAsync(Guid.Empty));
    }

    [Fact]
    public async Task The_same_transaction_again_is_answered_with_the_stored_one_and_moves_nothing()
    {
        var first = await TopUp(10_000, "k1");

        var again = await Store.AppendAsync(first.Transaction! with { OccurredAt = Now.AddMinutes(1), Postings = [.. first.Transaction.Postings.Reverse()] });

        Assert.Equal(LedgerAppendOutcome.AlreadyAppended, again.Outcome);
        Assert.Equal(Now, again.Transaction!.OccurredAt);
        Assert.Equal(10_000, await Available());
        Assert.Equal(1, await Rows("oneday_ledger_transactions"));
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
        var topUp = Transaction(LedgerTransactionKind.TopUp, PaymentRules.TopUpPostings(_employer, 5_000), "racing");

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

        Assert.Equal((LedgerAppendOutcome.InsufficientFunds, LedgerAccount.EmployerAvailable(_employer)), (refused.Outcome, refused.Overdrawn));
        Assert.Equal(1_000, await Available());
        Assert.Equal((1L, 2L), (await Rows("oneday_ledger_transactions"), await Rows("oneday_ledger_postings")));
        Assert.Equal(LedgerAppendOutcome.Appended, (await Hold(1_000)).Outcome);
        Assert.Equal(0, await Available());
    }

    [Fact]
    public async Task A_movement_from_an_account_never_funded_is_refused()
    {
        var refused = await Hold(1);

        Assert.Equal(LedgerAppendOutcome.InsufficientFunds, refused.Outcome);
        Assert.Equal(0, await Rows("oneday_ledger_balances"));
    }

    [Fact]
    public async Task Concurrent_holds_succeed_exactly_as_far_as_the_money_goes()
    {
        await TopUp(10_000);
        // Other accounts' movements in the same race, on shared platform accounts, so the locks really contend.
        var worker = Guid.NewGuid();
        var settlements = Enumerable.Range(0, 10).Select(i => Transaction(LedgerTransactionKind.Adjustment,
            [new Posting(LedgerAccount.ProviderClearing, -100), new Posting(LedgerAccount.WorkerAvailable(worker), 90), new Posting(LedgerAccount.PlatformRevenue, 10)]));

        var holds = Enumerable.Range(0, 40).Select(_ => Task.Run(() => Hold(1_000)));
        var others = settlements.Select(t => Task.Run(() => Store.AppendAsync(t)));
        var results = await Task.WhenAll(holds);
        await Task.WhenAll(others);

        Assert.Equal(10, results.Count(r => r.Outcome == LedgerAppendOutcome.Appended));
        Assert.Equal(30, results.Count(r => r.Outcome == LedgerAppendOutcome.InsufficientFunds));
        Assert.Equal(0, await Available());
        Assert.Equal(900, (await Store.BalancesAsync([LedgerAccount.WorkerAvailable(worker)])).Single().Balance);
        var verification = await Store.VerifyAsync();
        Assert.True(verification.Ok, verification.Detail);
        Assert.Equal(21, verification.TransactionsChecked);
    }

    [Fact]
    public async Task An_accounts_history_pages_newest_first()
    {
        for (var i = 1; i <= 5; i++)
        {
            await TopUp(i);
        }

        var account = LedgerAccount.EmployerAvailable(_employer);
        var first = await Store.EntriesAsync(account, null, 2);
        var second = await Store.EntriesAsync(account, first.NextBefore, 2);
        var last = await Store.EntriesAsync(account, second.NextBefore, 2);

        Assert.Equal([5L, 4L, 3L, 2L, 1L], first.Items.Concat(second.Items).Concat(last.Items).Select(e => e.Amount));
        Assert.Null(last.NextBefore);
        Assert.All(first.Items, e => Assert.Equal((LedgerTransactionKind.TopUp, Now, "test/TopUp"), (e.Kind, e.OccurredAt, e.Reference)));
    }

    [Theory]
    [InlineData("UPDATE oneday_ledger_postings SET amount = amount * 2")]
    [InlineData("DELETE FROM oneday_ledger_postings")]
    [InlineData("UPDATE oneday_ledger_transactions SET reference = 'nothing happened'")]
    [InlineData("DELETE FROM oneday_ledger_transactions")]
    [InlineData("TRUNCATE oneday_ledger_postings")]
    public async Task Appended_rows_cannot_be_changed_or_removed(string sql)
    {
        await TopUp(1_000);

        var error = await Assert.ThrowsAsync<PostgresException>(() => Sql.ExecuteAsync(_db, sql));

        Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
        Assert.True((await Store.VerifyAsync()).Ok);
    }

    [Fact]
    public async Task Verify_names_a_tampered_balance()
    {
        await TopUp(1_000);
        await Sql.ExecuteAsync(_db, $"UPDATE oneday_ledger_balances SET balance = balance + 500 WHERE owner_id = '{_employer}'");

        var verification = await Store.VerifyAsync();

        Assert.Equal((LedgerDiscrepancy.BalanceMismatch, LedgerAccount.EmployerAvailable(_employer)), (verification.Discrepancy, verification.Account));
        Assert.Equal("balance 1500, postings sum to 1000", verification.Detail);
    }

    [Fact]
    public async Task Verify_names_a_transaction_written_around_the_store_that_does_not_balance()
    {
        await TopUp(1_000);
        var forged = Guid.NewGuid();
        await Sql.ExecuteAsync(_db, $"""
            INSERT INTO oneday_ledger_transactions (id, kind, reference, occurred_at) VALUES ('{forged}', 'adjustment', 'forged', now());
            INSERT INTO oneday_ledger_postings (transaction_id, account_kind, owner_id, assignment_id, amount)
            VALUES ('{forged}', 'employer-available', '{_employer}', '{Guid.Empty}', 1000000);
            """);

        var verification = await Store.VerifyAsync();

        Assert.Equal((LedgerDiscrepancy.UnbalancedTransaction, forged), (verification.Discrepancy, verification.TransactionId));
        Assert.Equal("1 postings summing to 1000000", verification.Detail);
    }
}
