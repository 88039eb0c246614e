using Npgsql;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Payments;
using OneDay.Silo.Postgres;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Unit.Payments;

namespace OneDay.Tests.Payments;

/// <summary>
/// The cluster-mode ledger on the migrated schema (0014), held to <see cref="LedgerStoreContract"/> (whole appends,
/// idempotent ids, no overdraft however appends race), and what only a database can be asked: rows nobody can
/// change, and a verification that names what was tampered with around the store.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresLedgerStoreTests(PostgresFixture postgres) : LedgerStoreContract, IAsyncLifetime
{
    private string _db = string.Empty;
    private PostgresLedgerStore? _store;

    protected override ILedgerStore Store => _store!;

    public async Task InitializeAsync()
    {
        // Each test its own database: some of them tamper with it.
        _db = await postgres.CreateMigratedDatabaseAsync("ledger_store");
        _store = Open(_db);
    }

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }
    }

    private static PostgresLedgerStore Open(string db) => new(PostgresDataSources.Build(db), new PaymentOptions());

    private Task<long> Rows(string table) => Sql.ScalarAsync<long>(_db, $"SELECT count(*) FROM {table}");

    [Fact]
    public async Task A_refused_or_repeated_append_leaves_no_row_behind()
    {
        await TopUp(1_000, "k1");
        await TopUp(1_000, "k1");
        await TopUp(2_000, "k1");
        await Hold(5_000);

        Assert.Equal((1L, 2L, 2L), (await Rows("oneday_ledger_transactions"), await Rows("oneday_ledger_postings"), await Rows("oneday_ledger_balances")));
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
    public async Task The_balance_check_holds_against_writes_around_the_store()
    {
        await TopUp(1_000);

        var error = await Assert.ThrowsAsync<PostgresException>(() => Sql.ExecuteAsync(_db, $"UPDATE oneday_ledger_balances SET balance = -1 WHERE owner_id = '{Employer}'"));

        Assert.Equal("ck_oneday_ledger_balances_not_negative", error.ConstraintName);
    }

    [Fact]
    public async Task Verify_names_a_tampered_balance()
    {
        await TopUp(1_000);
        await Sql.ExecuteAsync(_db, $"UPDATE oneday_ledger_balances SET balance = balance + 500 WHERE owner_id = '{Employer}'");

        var verification = await Store.VerifyAsync();

        Assert.Equal((LedgerDiscrepancy.BalanceMismatch, LedgerAccount.EmployerAvailable(Employer)), (verification.Discrepancy, verification.Account));
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
            VALUES ('{forged}', 'employer-available', '{Employer}', '{Guid.Empty}', 1000000);
            """);

        var verification = await Store.VerifyAsync();

        Assert.Equal((LedgerDiscrepancy.UnbalancedTransaction, forged), (verification.Discrepancy, verification.TransactionId));
        Assert.Equal("1 postings summing to 1000000", verification.Detail);
    }
}
