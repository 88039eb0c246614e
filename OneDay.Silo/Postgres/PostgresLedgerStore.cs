using Npgsql;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Payments;

namespace OneDay.Silo.Postgres;

/// <summary>
/// The payments ledger in PostgreSQL (migration 0014), in the payments domain's database. An append is one
/// statement, so one round trip and one commit: the transaction row, its postings and every balance they move.
/// </summary>
public sealed class PostgresLedgerStore(NpgsqlDataSource dataSource, PaymentOptions options) : ILedgerStore, IAsyncDisposable
{
    private const string NotNegative = "ck_oneday_ledger_balances_not_negative";
    private const string BalanceKey = "pk_oneday_ledger_balances";
    private const int MaxAttempts = 5;

    // The transaction row goes first and its ON CONFLICT decides the rest: postings and balances are written
    // only FROM the row it inserted, so an id appended before (or being appended, which this waits for) moves
    // nothing. Existing balances are locked in account order (so two movements lock their common accounts in the
    // same order and cannot deadlock), then moved by an UPDATE: PostgreSQL checks an upsert's proposed row against
    // the CHECK before it finds the conflict, so an upsert would refuse every debit. An account's first posting
    // inserts its row; one opened meanwhile by another append is a unique violation, retried (the statement is
    // all or nothing). The CHECK on the balances fails the whole statement on an overdraft.
    private const string AppendSql = """
        WITH tx AS (
            INSERT INTO oneday_ledger_transactions (id, kind, reference, occurred_at) VALUES ($1, $2, $3, $4)
            ON CONFLICT (id) DO NOTHING
            RETURNING id),
        lines AS (
            SELECT * FROM unnest($5::text[], $6::uuid[], $7::uuid[], $8::bigint[]) WITH ORDINALITY AS l(account_kind, owner_id, assignment_id, amount, n)),
        posted AS (
            INSERT INTO oneday_ledger_postings (transaction_id, account_kind, owner_id, assignment_id, amount)
            SELECT tx.id, l.account_kind, l.owner_id, l.assignment_id, l.amount FROM tx CROSS JOIN lines l ORDER BY l.n),
        locked AS (
            SELECT b.account_kind, b.owner_id, b.assignment_id, l.amount
              FROM oneday_ledger_balances b JOIN lines l USING (account_kind, owner_id, assignment_id)
             WHERE EXISTS (SELECT FROM tx)
             ORDER BY b.account_kind, b.owner_id, b.assignment_id
               FOR UPDATE OF b),
        moved AS (
            UPDATE oneday_ledger_balances b SET balance = b.balance + k.amount
              FROM locked k
             WHERE (b.account_kind, b.owner_id, b.assignment_id) = (k.account_kind, k.owner_id, k.assignment_id)),
        opened AS (
            INSERT INTO oneday_ledger_balances (account_kind, owner_id, assignment_id, balance)
            SELECT l.account_kind, l.owner_id, l.assignment_id, l.amount FROM tx CROSS JOIN lines l
             WHERE NOT EXISTS (SELECT FROM locked k WHERE (k.account_kind, k.owner_id, k.assignment_id) = (l.account_kind, l.owner_id, l.assignment_id)))
        SELECT count(*) FROM tx
        """;

    public Task<LedgerAppendResult> AppendAsync(LedgerTransaction transaction, CancellationToken cancellationToken = default)
    {
        LedgerStores.EnsureValid(transaction, options);
        return Guarded(async () =>
        {
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    return await TryAppendAsync(transaction, cancellationToken);
                }
                catch (PostgresException exception) when (exception.SqlState is PostgresErrorCodes.CheckViolation && exception.ConstraintName == NotNegative)
                {
                    return new LedgerAppendResult(LedgerAppendOutcome.InsufficientFunds, null, await OverdrawnAsync(transaction, cancellationToken));
                }
                catch (PostgresException exception) when (attempt < MaxAttempts && IsRetryable(exception))
                {
                    // The statement moved nothing, so running it again is safe.
                }
            }
        });
    }

    /// <summary>
    /// Another append opened one of this one's accounts first (its row is there when the statement runs again);
    /// or a deadlock or serialization failure, not expected since locks are taken in account order.
    /// </summary>
    private static bool IsRetryable(PostgresException exception) =>
        exception.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure
        || (exception.SqlState is PostgresErrorCodes.UniqueViolation && exception.ConstraintName == BalanceKey);

    private async Task<LedgerAppendResult> TryAppendAsync(LedgerTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(AppendSql);
        command.Parameters.AddWithValue(transaction.TransactionId);
        command.Parameters.AddWithValue(LedgerNames.Of(transaction.Kind));
        command.Parameters.AddWithValue(transaction.Reference);
        command.Parameters.AddWithValue(transaction.OccurredAt);
        command.Parameters.AddWithValue(transaction.Postings.Select(p => p.Account.KindName).ToArray());
        command.Parameters.AddWithValue(transaction.Postings.Select(p => p.Account.Owner).ToArray());
        command.Parameters.AddWithValue(transaction.Postings.Select(p => p.Account.Assignment).ToArray());
        command.Parameters.AddWithValue(transaction.Postings.Select(p => p.Amount).ToArray());
        var inserted = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        if (inserted == 1)
        {
            return new LedgerAppendResult(LedgerAppendOutcome.Appended, transaction, null);
        }

        var stored = await ReadTransactionAsync(transaction.TransactionId, cancellationToken)
            ?? throw new InvalidOperationException($"Ledger transaction {transaction.TransactionId} was neither inserted nor found.");
        return LedgerStores.Repeated(transaction, stored);
    }

    /// <summary>
    /// Which account the refused movement would have overdrawn, from the balances as they are now: the one it
    /// would still overdraw, or else (money arrived meanwhile) the first it takes money from.
    /// </summary>
    private async Task<LedgerAccount> OverdrawnAsync(LedgerTransaction transaction, CancellationToken cancellationToken)
    {
        var debited = transaction.Postings.Where(p => p.Amount < 0 && !p.Account.MayGoNegative).ToArray();
        var balances = (await BalancesAsync([.. debited.Select(p => p.Account)], cancellationToken)).ToDictionary(b => b.Account, b => b.Balance);
        return LedgerRules.FirstOverdrawn(debited, balances.GetValueOrDefault) ?? debited[0].Account;
    }

    public Task<LedgerTransaction?> FindAsync(Guid transactionId, CancellationToken cancellationToken = default) =>
        Guarded(() => ReadTransactionAsync(transactionId, cancellationToken));

    private async Task<LedgerTransaction?> ReadTransactionAsync(Guid transactionId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT t.kind, t.reference, t.occurred_at, p.account_kind, p.owner_id, p.assignment_id, p.amount
              FROM oneday_ledger_transactions t JOIN oneday_ledger_postings p ON p.transaction_id = t.id
             WHERE t.id = $1
             ORDER BY p.position
            """);
        command.Parameters.AddWithValue(transactionId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        LedgerTransaction? transaction = null;
        var postings = new List<Posting>();
        while (await reader.ReadAsync(cancellationToken))
        {
            transaction ??= new LedgerTransaction(
                transactionId, LedgerNames.Parse<LedgerTransactionKind>(reader.GetString(0)), [], reader.GetFieldValue<DateTimeOffset>(2), reader.GetString(1));
            postings.Add(new Posting(ReadAccount(reader, 3), reader.GetInt64(6)));
        }

        return transaction is null ? null : transaction with { Postings = [.. postings] };
    }

    public Task<IReadOnlyList<LedgerBalance>> BalancesAsync(IReadOnlyList<LedgerAccount> accounts, CancellationToken cancellationToken = default) =>
        Guarded(async () =>
        {
            await using var command = dataSource.CreateCommand("""
                SELECT b.account_kind, b.owner_id, b.assignment_id, b.balance
                  FROM unnest($1::text[], $2::uuid[], $3::uuid[]) AS a(account_kind, owner_id, assignment_id)
                  JOIN oneday_ledger_balances b USING (account_kind, owner_id, assignment_id)
                """);
            command.Parameters.AddWithValue(accounts.Select(a => a.KindName).ToArray());
            command.Parameters.AddWithValue(accounts.Select(a => a.Owner).ToArray());
            command.Parameters.AddWithValue(accounts.Select(a => a.Assignment).ToArray());
            var found = (await ReadBalancesAsync(command, cancellationToken)).ToDictionary(b => b.Account, b => b.Balance);
            return (IReadOnlyList<LedgerBalance>)[.. accounts.Select(a => new LedgerBalance(a, found.GetValueOrDefault(a)))];
        });

    public Task<IReadOnlyList<LedgerBalance>> OwnerBalancesAsync(Guid owner, CancellationToken cancellationToken = default) =>
        Guarded(async () =>
        {
            await using var command = dataSource.CreateCommand(
                "SELECT account_kind, owner_id, assignment_id, balance FROM oneday_ledger_balances WHERE owner_id = $1 AND owner_id <> '00000000-0000-0000-0000-000000000000'");
            command.Parameters.AddWithValue(owner);
            return (IReadOnlyList<LedgerBalance>)await ReadBalancesAsync(command, cancellationToken);
        });

    private static async Task<List<LedgerBalance>> ReadBalancesAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var balances = new List<LedgerBalance>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            balances.Add(new LedgerBalance(ReadAccount(reader, 0), reader.GetInt64(3)));
        }

        return balances;
    }

    public Task<LedgerEntryPage> EntriesAsync(LedgerAccount account, long? before, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        return Guarded(async () =>
        {
            await using var command = dataSource.CreateCommand("""
                SELECT p.position, p.transaction_id, t.kind, p.amount, t.occurred_at, t.reference
                  FROM oneday_ledger_postings p JOIN oneday_ledger_transactions t ON t.id = p.transaction_id
                 WHERE p.account_kind = $1 AND p.owner_id = $2 AND p.assignment_id = $3 AND p.position < $4
                 ORDER BY p.position DESC
                 LIMIT $5
                """);
            command.Parameters.AddWithValue(account.KindName);
            command.Parameters.AddWithValue(account.Owner);
            command.Parameters.AddWithValue(account.Assignment);
            command.Parameters.AddWithValue(before ?? long.MaxValue);
            command.Parameters.AddWithValue(limit + 1);
            var entries = new List<LedgerEntry>();
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                entries.Add(new LedgerEntry(
                    reader.GetInt64(0), reader.GetGuid(1), LedgerNames.Parse<LedgerTransactionKind>(reader.GetString(2)),
                    reader.GetInt64(3), reader.GetFieldValue<DateTimeOffset>(4), reader.GetString(5)));
            }

            return LedgerStores.Page(entries, limit);
        });
    }

    public Task<LedgerVerification> VerifyAsync(CancellationToken cancellationToken = default) =>
        Guarded(() => new PostgresLedgerVerification(dataSource).RunAsync(cancellationToken));

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    internal static LedgerAccount ReadAccount(NpgsqlDataReader reader, int first) => new(
        LedgerNames.Parse<LedgerAccountKind>(reader.GetString(first)), reader.GetGuid(first + 1), reader.GetGuid(first + 2));

    private static async Task<T> Guarded<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (NpgsqlException exception) when (StoreFaults.IsUnavailable(exception))
        {
            throw StoreFaults.Unavailable("payments ledger", exception);
        }
    }
}
