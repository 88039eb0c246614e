using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Payments.Providers;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Payments;

/// <summary>
/// A user's wallet. It keeps no state of its own: balances are the ledger's, and each movement it starts is one
/// ledger transaction whose id comes from the request's Idempotency-Key, so a retry (on this silo or another,
/// after a crash or not) finds the movement already made instead of making it again. A top-up's id is also its
/// order id at the payment provider, so the provider's record and the ledger's name the same thing.
/// </summary>
[DomainPlacement(Domains.Payments)]
public sealed partial class WalletGrain(ILedgerStore ledger, IPaymentProvider provider, PaymentOptions options, TimeProvider time) : Grain, IWalletGrain
{
    public const int MaxIdempotencyKeyLength = 100;
    public const int MaxEntriesLimit = 100;

    /// <summary>The accounts a user reads the history of; escrows are per shift and shown with the shift.</summary>
    private static readonly LedgerAccountKind[] WalletAccounts =
    [
        LedgerAccountKind.EmployerAvailable, LedgerAccountKind.EmployerHeld, LedgerAccountKind.WorkerAvailable, LedgerAccountKind.WorkerPendingPayout,
    ];

    private Guid UserId => this.GetPrimaryKey();

    /// <summary>The amount a top-up or a payout moved: its largest posting.</summary>
    private static long Moved(LedgerTransaction transaction) => transaction.Postings.Max(p => p.Amount);

    public async Task<WalletBalances> Balances() => WalletBalances.From(UserId, await ledger.OwnerBalancesAsync(UserId));

    public async Task<WalletEntriesResult> Entries(string account, long? before, int limit)
    {
        var errors = new List<FieldError>();
        LedgerAccountKind? kind = WalletAccounts.Where(k => LedgerNames.Of(k) == account).Select(k => (LedgerAccountKind?)k).FirstOrDefault();
        if (kind is null)
        {
            errors.Add(new FieldError("account", "One of " + string.Join(", ", WalletAccounts.Select(LedgerNames.Of)) + "."));
        }

        if (limit is < 1 or > MaxEntriesLimit)
        {
            errors.Add(new FieldError("limit", $"A whole number from 1 to {MaxEntriesLimit}."));
        }

        if (before is <= 0)
        {
            errors.Add(new FieldError("before", "The nextBefore of the previous page."));
        }

        return errors.Count > 0
            ? new WalletEntriesResult(PaymentOutcome.Invalid, null, [.. errors])
            : new WalletEntriesResult(PaymentOutcome.Ok, await ledger.EntriesAsync(new LedgerAccount(kind!.Value, UserId, Guid.Empty), before, limit), []);
    }
}
