using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Interfaces.Payments.Providers;

namespace OneDay.Grains.Payments;

/// <summary>
/// Top-ups, the Korean PG way: the wallet opens an order at the provider, the customer approves it there, and the
/// wallet confirms it and funds itself. The order id is the ledger transaction's id.
/// </summary>
public sealed partial class WalletGrain
{
    public const int MaxPaymentKeyLength = 200;
    private const string OrderName = "OneDay wallet top-up";

    private string TopUpScope => $"top-up/{UserId:N}";

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
            return Moved(stored) == amountKrw ? await Completed(stored) : KeyReused();
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
                : Moved(stored) == amountKrw ? await Completed(stored)
                : TopUpResult.Failed(PaymentOutcome.AmountMismatch, $"The top-up is of {Moved(stored)} KRW.");
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
        new(PaymentOutcome.Ok, stored.TransactionId, Moved(stored), await Balances(), [], null, TopUpStatus.Completed, provider.Name);

    private static TopUpResult KeyReused() =>
        TopUpResult.Failed(PaymentOutcome.IdempotencyKeyReused, "This Idempotency-Key was used with a different top-up.");

    private static TopUpResult NotFound() => TopUpResult.Failed(PaymentOutcome.NotFound, "You have no top-up with this order id and payment key.");
}
