using System.Data;
using Npgsql;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Payments;

namespace OneDay.Silo.Postgres;

/// <summary>
/// <see cref="LedgerVerifier"/>'s checks, asked of PostgreSQL so the ledger never has to leave it: one
/// repeatable-read snapshot for all of them, so movements committing meanwhile are either wholly seen or not at
/// all and cannot look like a discrepancy.
/// </summary>
internal sealed class PostgresLedgerVerification(NpgsqlDataSource dataSource)
{
    public async Task<LedgerVerification> RunAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var snapshot = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, cancellationToken);
        var (transactions, accounts) = await CountsAsync(connection, cancellationToken);
        LedgerVerification Found(LedgerDiscrepancy discrepancy, Guid? transactionId, LedgerAccount? account, string detail) =>
            new(discrepancy, transactionId, account, detail, transactions, accounts);

        await using (var unbalanced = new NpgsqlCommand("""
            SELECT t.id, count(p.position), coalesce(sum(p.amount), 0)
              FROM oneday_ledger_transactions t LEFT JOIN oneday_ledger_postings p ON p.transaction_id = t.id
             GROUP BY t.id, t.position
            HAVING count(p.position) < 2 OR coalesce(sum(p.amount), 0) <> 0 OR bool_or(p.amount = 0)
             ORDER BY t.position
             LIMIT 1
            """, connection))
        await using (var reader = await unbalanced.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                return Found(LedgerDiscrepancy.UnbalancedTransaction, reader.GetGuid(0), null,
                    $"{reader.GetInt64(1)} postings summing to {reader.GetDecimal(2)}");
            }
        }

        await using (var mismatch = new NpgsqlCommand("""
            WITH sums AS (
                SELECT account_kind, owner_id, assignment_id, sum(amount) AS total
                  FROM oneday_ledger_postings GROUP BY account_kind, owner_id, assignment_id)
            SELECT account_kind, owner_id, assignment_id, coalesce(b.balance, 0), coalesce(s.total, 0)
              FROM oneday_ledger_balances b FULL JOIN sums s USING (account_kind, owner_id, assignment_id)
             WHERE coalesce(b.balance, 0) <> coalesce(s.total, 0)
             ORDER BY account_kind, owner_id, assignment_id
             LIMIT 1
            """, connection))
        await using (var reader = await mismatch.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                return Found(LedgerDiscrepancy.BalanceMismatch, null, PostgresLedgerStore.ReadAccount(reader, 0),
                    $"balance {reader.GetInt64(3)}, postings sum to {reader.GetDecimal(4)}");
            }
        }

        await using (var negative = new NpgsqlCommand("""
            SELECT account_kind, owner_id, assignment_id, balance FROM oneday_ledger_balances
             WHERE balance < 0 AND account_kind NOT IN ('provider-clearing', 'platform-adjustments')
             ORDER BY account_kind, owner_id, assignment_id
             LIMIT 1
            """, connection))
        await using (var reader = await negative.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                return Found(LedgerDiscrepancy.NegativeBalance, null, PostgresLedgerStore.ReadAccount(reader, 0), $"balance {reader.GetInt64(3)}");
            }
        }

        await using var total = new NpgsqlCommand("SELECT coalesce(sum(balance), 0) FROM oneday_ledger_balances", connection);
        var sum = (decimal)(await total.ExecuteScalarAsync(cancellationToken))!;
        return sum != 0
            ? Found(LedgerDiscrepancy.NonZeroTotal, null, null, $"balances sum to {sum}")
            : new LedgerVerification(LedgerDiscrepancy.None, null, null, null, transactions, accounts);
    }

    private static async Task<(long Transactions, long Accounts)> CountsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT (SELECT count(*) FROM oneday_ledger_transactions), (SELECT count(*) FROM oneday_ledger_balances)", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
