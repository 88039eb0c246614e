using OneDay.Grains.Interfaces.Payments;

namespace OneDay.Grains.Payments;

/// <summary>
/// The embedded mode's ledger: one process, so one lock around every append and read gives what PostgreSQL's
/// commit gives in a cluster (whole transactions, no overdraft, idempotent ids); it lives as long as the process.
/// </summary>
public sealed class InMemoryLedgerStore(PaymentOptions options) : ILedgerStore
{
    private readonly Lock _lock = new();
    private readonly List<LedgerTransaction> _transactions = [];
    private readonly Dictionary<Guid, LedgerTransaction> _byId = [];
    private readonly Dictionary<LedgerAccount, long> _balances = [];
    private readonly Dictionary<LedgerAccount, List<LedgerEntry>> _entries = [];
    private long _position;

    public Task<LedgerAppendResult> AppendAsync(LedgerTransaction transaction, CancellationToken cancellationToken = default)
    {
        LedgerStores.EnsureValid(transaction, options);
        lock (_lock)
        {
            if (_byId.TryGetValue(transaction.TransactionId, out var stored))
            {
                return Task.FromResult(LedgerStores.Repeated(transaction, stored));
            }

            if (LedgerRules.FirstOverdrawn(transaction.Postings, _balances.GetValueOrDefault) is { } overdrawn)
            {
                return Task.FromResult(new LedgerAppendResult(LedgerAppendOutcome.InsufficientFunds, null, overdrawn));
            }

            _transactions.Add(transaction);
            _byId.Add(transaction.TransactionId, transaction);
            foreach (var posting in transaction.Postings)
            {
                _balances[posting.Account] = _balances.GetValueOrDefault(posting.Account) + posting.Amount;
                if (!_entries.TryGetValue(posting.Account, out var entries))
                {
                    _entries[posting.Account] = entries = [];
                }

                entries.Add(new LedgerEntry(++_position, transaction.TransactionId, transaction.Kind, posting.Amount, transaction.OccurredAt, transaction.Reference));
            }

            return Task.FromResult(new LedgerAppendResult(LedgerAppendOutcome.Appended, transaction, null));
        }
    }

    public Task<LedgerTransaction?> FindAsync(Guid transactionId, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(_byId.GetValueOrDefault(transactionId));
        }
    }

    public Task<IReadOnlyList<LedgerBalance>> BalancesAsync(IReadOnlyList<LedgerAccount> accounts, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<LedgerBalance>>([.. accounts.Select(a => new LedgerBalance(a, _balances.GetValueOrDefault(a)))]);
        }
    }

    public Task<IReadOnlyList<LedgerBalance>> OwnerBalancesAsync(Guid owner, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult<IReadOnlyList<LedgerBalance>>(
                [.. _balances.Where(b => b.Key.Owner == owner && !b.Key.IsPlatform).Select(b => new LedgerBalance(b.Key, b.Value))]);
        }
    }

    public Task<LedgerEntryPage> EntriesAsync(LedgerAccount account, long? before, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        lock (_lock)
        {
            var older = _entries.GetValueOrDefault(account) ?? [];
            var page = older.Where(e => e.Position < (before ?? long.MaxValue)).Reverse().Take(limit + 1).ToArray();
            return Task.FromResult(LedgerStores.Page(page, limit));
        }
    }

    public Task<LedgerVerification> VerifyAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            return Task.FromResult(LedgerVerifier.Verify(_transactions, _balances));
        }
    }
}
