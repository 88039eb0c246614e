using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Interfaces.Security;
using OneDay.Grains.Placement;
using OneDay.Grains.Security;
using Orleans.Concurrency;

namespace OneDay.Grains.Payments;

/// <summary>Runs on a payments silo, where the ledger store is; holds nothing, so any number of them may run at once.</summary>
[StatelessWorker]
[Reentrant]
[DomainPlacement(Domains.Payments)]
public sealed class LedgerAdminGrain(ILedgerStore ledger, PaymentOptions options, TimeProvider time) : Grain, ILedgerAdminGrain
{
    public const int MaxReasonLength = 500;

    /// <summary>The user accounts an admin may correct; escrows end only as their shifts do, payouts only by the provider.</summary>
    private static readonly LedgerAccountKind[] Adjustable = [LedgerAccountKind.EmployerAvailable, LedgerAccountKind.WorkerAvailable];

    public Task<LedgerVerification> Verify() => ledger.VerifyAsync();

    public async Task<AdjustmentResult> Adjust(AdjustmentRequest request)
    {
        var errors = new List<FieldError>();
        var kind = Adjustable.Where(k => LedgerNames.Of(k) == request.Account).Select(k => (LedgerAccountKind?)k).FirstOrDefault();
        if (kind is null)
        {
            errors.Add(new FieldError("account", "employer-available or worker-available."));
        }

        if (request.UserId == Guid.Empty)
        {
            errors.Add(new FieldError("userId", "Required."));
        }

        if (request.AmountKrw == 0 || request.AmountKrw == long.MinValue || Math.Abs(request.AmountKrw) > options.MaxMovementKrw)
        {
            errors.Add(new FieldError("amountKrw", $"A whole number of KRW other than 0, at most {options.MaxMovementKrw} either way."));
        }

        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > MaxReasonLength)
        {
            errors.Add(new FieldError("reason", $"Required, at most {MaxReasonLength} characters: it is what the audit log keeps."));
        }

        if (string.IsNullOrWhiteSpace(request.IdempotencyKey) || request.IdempotencyKey.Length > WalletGrain.MaxIdempotencyKeyLength)
        {
            errors.Add(new FieldError("Idempotency-Key", $"Required, at most {WalletGrain.MaxIdempotencyKeyLength} characters."));
        }

        if (errors.Count > 0)
        {
            return Failed(PaymentOutcome.Invalid, "The adjustment is not valid.", [.. errors]);
        }

        var scope = $"adjustment/{request.UserId:N}";
        var transaction = new LedgerTransaction(
            LedgerRules.TransactionId(scope, request.IdempotencyKey), LedgerTransactionKind.Adjustment,
            [new(new LedgerAccount(kind!.Value, request.UserId, Guid.Empty), request.AmountKrw), new(LedgerAccount.PlatformAdjustments, -request.AmountKrw)],
            time.GetUtcNow(), scope);
        if (await ledger.FindAsync(transaction.TransactionId) is { } stored)
        {
            return stored.SameContentAs(transaction) ? await Done(stored, request.UserId) : KeyReused();
        }

        // Audited before it moves money: a correction of someone's balance is never made without its trace.
        await GrainFactory.AuditAsync(AuditActions.BalanceAdjusted, request.AdminId, request.UserId, request.Caller,
            $"{request.Account} {request.AmountKrw:+#;-#} KRW ({transaction.TransactionId:N}): {request.Reason}", time.GetUtcNow());
        var appended = await ledger.AppendAsync(transaction);
        return appended.Outcome switch
        {
            LedgerAppendOutcome.Appended or LedgerAppendOutcome.AlreadyAppended => await Done(appended.Transaction!, request.UserId),
            LedgerAppendOutcome.InsufficientFunds => Failed(PaymentOutcome.InsufficientFunds, "The account holds less than the adjustment takes."),
            _ => KeyReused(),
        };
    }

    private async Task<AdjustmentResult> Done(LedgerTransaction transaction, Guid userId) =>
        new(PaymentOutcome.Ok, transaction.TransactionId, WalletBalances.From(userId, await ledger.OwnerBalancesAsync(userId)), [], null);

    private static AdjustmentResult KeyReused() =>
        Failed(PaymentOutcome.IdempotencyKeyReused, "This Idempotency-Key was used with a different adjustment of this user.");

    private static AdjustmentResult Failed(PaymentOutcome outcome, string detail, params FieldError[] errors) => new(outcome, null, null, errors, detail);
}
