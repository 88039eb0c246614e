using OneDay.Grains.Interfaces.Payments;

namespace OneDay.Grains.Payments;

/// <summary>
/// The ledger: append-only transactions of postings, and each account's balance kept beside them. PostgreSQL in
/// cluster mode, memory in embedded mode, with the same guarantees:
/// <list type="bullet">
/// <item>A transaction is appended whole, its postings and every balance they move together, or not at all; no
/// reader sees half of one.</item>
/// <item>An account that must not go negative never does, however many appends race for it: the one that
/// would overdraw it is refused with <see cref="LedgerAppendOutcome.InsufficientFunds"/> and moves nothing.</item>
/// <item>A transaction id is appended once. Appending it again with the same content answers the stored one
/// (<see cref="LedgerAppendOutcome.AlreadyAppended"/>); with other content, <see cref="LedgerAppendOutcome.Conflict"/>.</item>
/// <item>Nothing appended is ever changed or removed; a mistake is corrected by another transaction.</item>
/// </list>
/// </summary>
/// <remarks>
/// Ledger-first rather than Orleans transactions: every movement, however many grains' money it touches, is one
/// append here, atomic in one database commit, so grains need no two-phase commit among themselves and a crash
/// leaves each movement done or not done. Wallet grains may cache balances, but the ledger decides.
/// </remarks>
public interface ILedgerStore
{
    /// <summary>
    /// Appends <paramref name="transaction"/>, which must pass <see cref="LedgerRules.Validate"/> (else an
    /// <see cref="ArgumentException"/>: grains check before they append).
    /// </summary>
    Task<LedgerAppendResult> AppendAsync(LedgerTransaction transaction, CancellationToken cancellationToken = default);

    Task<LedgerTransaction?> FindAsync(Guid transactionId, CancellationToken cancellationToken = default);

    /// <summary>The balances of <paramref name="accounts"/>, in that order; an account nothing was posted to has 0.</summary>
    Task<IReadOnlyList<LedgerBalance>> BalancesAsync(IReadOnlyList<LedgerAccount> accounts, CancellationToken cancellationToken = default);

    /// <summary>Every account of one user (available, held, each escrow they fund, pending payout) that has postings.</summary>
    Task<IReadOnlyList<LedgerBalance>> OwnerBalancesAsync(Guid owner, CancellationToken cancellationToken = default);

    /// <summary>
    /// An account's postings, newest first: up to <paramref name="limit"/> of those before position
    /// <paramref name="before"/> (null: from the newest).
    /// </summary>
    Task<LedgerEntryPage> EntriesAsync(LedgerAccount account, long? before, int limit, CancellationToken cancellationToken = default);

    /// <summary>Checks the whole ledger at one point in time (see <see cref="LedgerVerification"/>).</summary>
    Task<LedgerVerification> VerifyAsync(CancellationToken cancellationToken = default);
}
