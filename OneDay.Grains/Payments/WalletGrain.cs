using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Interfaces.Payments.Providers;
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
public sealed class WalletGrain(ILedgerStore ledger, IPaymentProvider provider, PaymentOptions options, TimeProvider time) : Grain, IWalletGrain
{
    public const int MaxIdempotencyKeyLength = 100;
    public const int MaxPaymentKeyLength = 200;
    public const int MaxEntriesLimit = 100;

    /// <summary>The accounts a user reads the history of; escrows are per shift and shown with the shift.</summary>
    private static readonly LedgerAccountKind[] WalletAccounts =
    [
        LedgerAccountKind.EmployerAvailable, LedgerAccountKind.EmployerHeld, LedgerAccountKind.WorkerAvailable, LedgerAccountKind.WorkerPendingPayout,
    ];
    private const string OrderName = "OneDay wallet top-up";

    private Guid UserId => this.GetPrimaryKey();

    private string TopUpScope => $"top-up/{UserId:N}";

    public async Task<WalletBalances> Balances() => WalletBalances.From(UserId, await ledger.OwnerBalancesAsync(UserId));

    public async Task<TopUpResult> StartTopUp(long amountKrw, string idempotencyKey)
    {
        var errors = LedgerRules.ValidateAmount(amountKrw, options.MaxTopUpKrw);
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > MaxIdempotencyKeyLength)
        {
            errors.Add(new FieldError("Idempotency-Key", $"Required, at most {MaxIdempotencyKeyLength} characters."));
        }

        if (errors.Count > 0)
        {
            return TopUpResult.Failed(PaymentOutcome.Invalid, "The top-up is not valid.", [.. errors]);
        }

        var orderId = LedgerRules.TransactionId(TopUpScope, idempotencyKey);
        // Asked before the provider, so that a key reused with another amount orders nothing.
        if (await ledger.FindAsync(orderId) is { } stored)
        {
            return TopUpAmount(stored) == amountKrw ? await Completed(stored) : KeyReused();
        }

        var created = await provider.CreatePaymentAsync(new PaymentOrder(OrderKey(orderId), amountKrw, UserId, OrderName));
        if (!created.IsOk)
        {
            return created.Refusal == ProviderRefusal.DuplicateId
                ? KeyReused()
                : TopUpResult.Failed(PaymentOutcome.PaymentDeclined, created.Detail ?? "The payment provider refused the order.");
        }

        return created.Payment!.Status switch
        {
            // Confirmed before, but the ledger never heard of it (a crash in between): finish it now.
            ProviderPaymentStatus.Done => await Fund(orderId, amountKrw),
            ProviderPaymentStatus.Ready or ProviderPaymentStatus.Approved => new TopUpResult(
                PaymentOutcome.Ok, orderId, amountKrw, null, [], null, TopUpStatus.AwaitingApproval, provider.Name),
            _ => TopUpResult.Failed(PaymentOutcome.PaymentDeclined, "The payment was given up at the provider; start a new top-up with a new key."),
        };
    }

    public async Task<TopUpResult> ConfirmTopUp(Guid orderId, string paymentKey, long amountKrw)
    {
        var errors = LedgerRules.ValidateAmount(amountKrw, options.MaxTopUpKrw);
        if (string.IsNullOrWhiteSpace(paymentKey) || paymentKey.Length > MaxPaymentKeyLength)
        {
            errors.Add(new FieldError("paymentKey", $"Required, at most {MaxPaymentKeyLength} characters."));
        }

        if (errors.Count > 0)
        {
            return TopUpResult.Failed(PaymentOutcome.Invalid, "The confirmation is not valid.", [.. errors]);
        }

        if (await ledger.FindAsync(orderId) is { } stored)
        {
            return stored.Reference != TopUpScope ? NotFound()
                : TopUpAmount(stored) == amountKrw ? await Completed(stored)
                : TopUpResult.Failed(PaymentOutcome.AmountMismatch, $"The top-up is of {TopUpAmount(stored)} KRW.");
        }

        // Another user's order is not found: nobody confirms, or learns about, a payment that is not theirs.
        var current = await provider.GetPaymentAsync(OrderKey(orderId));
        if (!current.IsOk || current.Payment!.CustomerId != UserId)
        {
            return NotFound();
        }

        var confirmed = await provider.ConfirmPaymentAsync(new ConfirmPayment(paymentKey, OrderKey(orderId), amountKrw));
        return confirmed.Refusal switch
        {
            ProviderRefusal.None => await Fund(orderId, confirmed.Payment!.AmountKrw),
            ProviderRefusal.NotApproved => TopUpResult.Failed(PaymentOutcome.NotApproved, confirmed.Detail ?? "The payment is not approved yet."),
            ProviderRefusal.AmountMismatch => TopUpResult.Failed(
                PaymentOutcome.AmountMismatch, $"The top-up is of {current.Payment.AmountKrw} KRW."),
            ProviderRefusal.NotFound => NotFound(),
            _ => TopUpResult.Failed(PaymentOutcome.PaymentDeclined, confirmed.Detail ?? "The payment provider declined the payment."),
        };
    }

    public async Task<TopUpResult> TopUp(Guid orderId)
    {
        if (await ledger.FindAsync(orderId) is { } stored)
        {
            return stored.Reference == TopUpScope ? await Completed(stored) : NotFound();
        }

        var current = await provider.GetPaymentAsync(OrderKey(orderId));
        if (!current.IsOk || current.Payment!.CustomerId != UserId)
        {
            return NotFound();
        }

        // Done at the provider but not in the ledger: the confirmation is still on its way (or was lost, and the
        // next confirmation, start or webhook records it), so it is not the customer's money yet.
        var status = current.Payment.Status is ProviderPaymentStatus.Aborted or ProviderPaymentStatus.Canceled
            ? TopUpStatus.GivenUp
            : TopUpStatus.AwaitingApproval;
        return new TopUpResult(PaymentOutcome.Ok, orderId, current.Payment.AmountKrw, null, [], null, status, provider.Name);
    }

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

    /// <summary>Provider order ids are strings of letters and digits; the ledger's Guid in its plain 32-digit form is one.</summary>
    public static string OrderKey(Guid orderId) => orderId.ToString("N");

    private async Task<TopUpResult> Fund(Guid orderId, long amountKrw)
    {
        var transaction = new LedgerTransaction(
            orderId, LedgerTransactionKind.TopUp, PaymentRules.TopUpPostings(UserId, amountKrw), time.GetUtcNow(), TopUpScope);
        var appended = await ledger.AppendAsync(transaction);
        return appended.Outcome is LedgerAppendOutcome.Appended or LedgerAppendOutcome.AlreadyAppended
            ? await Completed(appended.Transaction!)
            : TopUpResult.Failed(PaymentOutcome.AmountMismatch, "The ledger holds this top-up with another amount.");
    }

    private async Task<TopUpResult> Completed(LedgerTransaction stored) =>
        new(PaymentOutcome.Ok, stored.TransactionId, TopUpAmount(stored), await Balances(), [], null, TopUpStatus.Completed, provider.Name);

    private static long TopUpAmount(LedgerTransaction stored) => stored.Postings.Max(p => p.Amount);

    private static TopUpResult KeyReused() =>
        TopUpResult.Failed(PaymentOutcome.IdempotencyKeyReused, "This Idempotency-Key was used with a different top-up.");

    private static TopUpResult NotFound() => TopUpResult.Failed(PaymentOutcome.NotFound, "You have no top-up with this order id and payment key.");
}
