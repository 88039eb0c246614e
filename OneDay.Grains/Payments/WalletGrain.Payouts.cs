using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Interfaces.Payments.Providers;

namespace OneDay.Grains.Payments;

/// <summary>
/// Payouts: the amount is pending at once and completes, or fails and comes back, when the provider's webhook says
/// so. The payout id is the request's ledger transaction id.
/// </summary>
public sealed partial class WalletGrain
{
    public async Task<PayoutCommandResult> RequestPayout(long amountKrw, string idempotencyKey)
    {
        var errors = LedgerRules.ValidateAmount(amountKrw, options.MaxMovementKrw);
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > MaxIdempotencyKeyLength)
        {
            errors.Add(new FieldError("Idempotency-Key", $"Required, at most {MaxIdempotencyKeyLength} characters."));
        }

        if (errors.Count > 0)
        {
            return PayoutCommandResult.Failed(PaymentOutcome.Invalid, "The payout is not valid.", [.. errors]);
        }

        var payoutId = LedgerRules.TransactionId(PayoutRules.Scope(UserId), idempotencyKey);
        if (await ledger.FindAsync(payoutId) is { } stored)
        {
            return Moved(stored) == amountKrw
                ? await SendPayoutAsync(stored, await GrainFactory.Reference<IPayoutAccountGrain>(UserId).Get())
                : PayoutCommandResult.Failed(PaymentOutcome.IdempotencyKeyReused, "This Idempotency-Key was used with a different payout.");
        }

        // The user domain decides whether this account may be paid at all, before any money moves.
        if (await GrainFactory.Reference<Interfaces.Users.IUserGrain>(UserId).GetPrivate() is null)
        {
            return PayoutCommandResult.Failed(PaymentOutcome.NotAllowed, "This account cannot be paid out.");
        }

        if (await GrainFactory.Reference<IPayoutAccountGrain>(UserId).Get() is not { } bank)
        {
            return PayoutCommandResult.Failed(PaymentOutcome.NoBankAccount, "Register a bank account before a payout.");
        }

        var today = SettlementDay.Of(time.GetUtcNow());
        var requestedToday = PayoutRules.RequestedOn(
            today, await ledger.EntriesSinceAsync(LedgerAccount.WorkerPendingPayout(UserId), SettlementDay.Start(today), MaxEntriesLimit));
        if (requestedToday + amountKrw > options.MaxDailyPayoutKrw)
        {
            return PayoutCommandResult.Failed(PaymentOutcome.DailyLimitExceeded,
                $"Payouts are limited to {options.MaxDailyPayoutKrw} KRW a day; {options.MaxDailyPayoutKrw - requestedToday} KRW remain today.");
        }

        var requested = new LedgerTransaction(payoutId, LedgerTransactionKind.PayoutRequested,
            PaymentRules.PayoutRequestedPostings(UserId, amountKrw), time.GetUtcNow(), PayoutRules.Scope(UserId));
        var appended = await ledger.AppendAsync(requested);
        return appended.Outcome switch
        {
            LedgerAppendOutcome.Appended or LedgerAppendOutcome.AlreadyAppended => await SendPayoutAsync(appended.Transaction!, bank),
            LedgerAppendOutcome.InsufficientFunds => PayoutCommandResult.Failed(PaymentOutcome.InsufficientFunds, "The available balance is smaller than the payout."),
            _ => PayoutCommandResult.Failed(PaymentOutcome.IdempotencyKeyReused, "This Idempotency-Key was used with a different payout."),
        };
    }

    public async Task<PayoutCommandResult> Payout(Guid payoutId) =>
        await ledger.FindAsync(payoutId) is { } requested && PayoutRules.WorkerOf(requested) == UserId
            ? await PayoutAnswerAsync(requested)
            : PayoutCommandResult.Failed(PaymentOutcome.NotFound, "You have no payout with this id.");

    public async Task<PayoutCommandResult> FinishPayout(Guid payoutId, bool completed)
    {
        if (await ledger.FindAsync(payoutId) is not { } requested || PayoutRules.WorkerOf(requested) != UserId)
        {
            return PayoutCommandResult.Failed(PaymentOutcome.NotFound, "You have no payout with this id.");
        }

        // A payout ends once: whichever outcome was recorded first stands.
        var current = await PayoutAnswerAsync(requested);
        if (current.Payout!.Status != PayoutStatus.Requested)
        {
            // Told again (the provider redelivers until answered): the completion may not have been told on the first time.
            await TellCompletedAsync(requested, current);
            return current;
        }

        var amount = Moved(requested);
        var outcome = new LedgerTransaction(
            PayoutOutcomeId(payoutId, completed),
            completed ? LedgerTransactionKind.PayoutCompleted : LedgerTransactionKind.PayoutFailed,
            completed ? PaymentRules.PayoutCompletedPostings(UserId, amount) : PaymentRules.PayoutFailedPostings(UserId, amount),
            time.GetUtcNow(), PayoutRules.OutcomeReference(UserId, payoutId));
        await ledger.AppendAsync(outcome);
        var answer = await PayoutAnswerAsync(requested);
        await TellCompletedAsync(requested, answer);
        return answer;
    }

    /// <summary>
    /// A completed payout becomes an event before the provider's webhook is answered, so a crash in between leaves the
    /// webhook unanswered, and its redelivery tells it then.
    /// </summary>
    private async Task TellCompletedAsync(LedgerTransaction requested, PayoutCommandResult answer)
    {
        if (answer.Payout!.Status == PayoutStatus.Completed
            && await ledger.FindAsync(PayoutOutcomeId(requested.TransactionId, completed: true)) is { } completion)
        {
            await GrainFactory.Reference<IPayoutAccountGrain>(UserId)
                .PayoutCompleted(requested.TransactionId, completion.TransactionId, answer.Payout.AmountKrw, completion.OccurredAt);
        }
    }

    /// <summary>Asks the provider to pay (again: it is idempotent by payout id); a refusal gives the money back at once.</summary>
    private async Task<PayoutCommandResult> SendPayoutAsync(LedgerTransaction requested, BankAccount? bank)
    {
        var current = await PayoutAnswerAsync(requested);
        if (current.Payout!.Status != PayoutStatus.Requested || bank is null)
        {
            return current;
        }

        var sent = await provider.RequestPayoutAsync(new PayoutRequest(OrderKey(requested.TransactionId), bank, current.Payout.AmountKrw));
        return sent.IsOk || sent.Refusal == ProviderRefusal.DuplicateId
            ? current
            : await FinishPayout(requested.TransactionId, completed: false);
    }

    private async Task<PayoutCommandResult> PayoutAnswerAsync(LedgerTransaction requested)
    {
        var status = await ledger.FindAsync(PayoutOutcomeId(requested.TransactionId, completed: true)) is not null ? PayoutStatus.Completed
            : await ledger.FindAsync(PayoutOutcomeId(requested.TransactionId, completed: false)) is not null ? PayoutStatus.Failed
            : PayoutStatus.Requested;
        return new PayoutCommandResult(
            PaymentOutcome.Ok, new PayoutView(requested.TransactionId, Moved(requested), status), await Balances(), [], null);
    }

    private Guid PayoutOutcomeId(Guid payoutId, bool completed) =>
        LedgerRules.TransactionId(PayoutRules.Scope(UserId), $"{payoutId:N}/{(completed ? "completed" : "failed")}");
}
