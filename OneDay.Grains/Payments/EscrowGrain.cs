using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Payments;

/// <summary>
/// One assignment's escrow. Like the wallet it keeps no state: the hold and the release are two ledger
/// transactions whose ids derive from the assignment, so a retry finds what was done and the first release
/// stands (another with other content is a ledger conflict, answered with the stored one). Calls for one
/// assignment run one at a time in its activation, so a release never overtakes the hold it follows.
/// </summary>
[DomainPlacement(Domains.Payments)]
public sealed class EscrowGrain(ILedgerStore ledger, PaymentOptions options, TimeProvider time) : Grain, IEscrowGrain
{
    private Guid AssignmentId => this.GetPrimaryKey();

    private string Scope => $"escrow/{AssignmentId:N}";

    private Guid HoldId => LedgerRules.TransactionId(Scope, "hold");

    private Guid ReleaseId => LedgerRules.TransactionId(Scope, "release");

    public async Task<EscrowResult> Hold(EscrowTerms terms)
    {
        var (charge, errors) = PaymentRules.ChargeFor(terms.Pay, terms.EndsAt - terms.StartsAt, options);
        if (charge is null)
        {
            return new EscrowResult(EscrowOutcome.Invalid, await Get(), errors[0].Message);
        }

        var hold = new LedgerTransaction(HoldId, LedgerTransactionKind.EscrowHold,
            PaymentRules.HoldPostings(terms.EmployerId, AssignmentId, charge), time.GetUtcNow(), Reference(terms));
        var appended = await ledger.AppendAsync(hold);
        return appended.Outcome switch
        {
            LedgerAppendOutcome.InsufficientFunds => new EscrowResult(EscrowOutcome.InsufficientFunds, await Get(),
                $"Accepting this worker holds {charge.Total} KRW (the pay {charge.Wage} and the platform fee {charge.Fee}); top up the wallet first."),
            // A conflict is a hold made before under other terms: it stands, and the answer shows what it holds.
            _ => new EscrowResult(EscrowOutcome.Ok, await Get(), null),
        };
    }

    public async Task<EscrowResult> Release(EscrowTerms terms, EscrowEnd end)
    {
        if (await ledger.FindAsync(ReleaseId) is not null || await ledger.FindAsync(HoldId) is not { } hold)
        {
            return new EscrowResult(EscrowOutcome.Ok, await Get(), null);
        }

        var (charge, errors) = PaymentRules.ChargeFor(terms.Pay, terms.EndsAt - terms.StartsAt, options);
        if (charge is null)
        {
            return new EscrowResult(EscrowOutcome.Invalid, await Get(), errors[0].Message);
        }

        var split = PaymentRules.ReleaseSplit(charge, Held(hold), end, terms.StartsAt, options);
        var kind = split.NetPay + split.Withholding.Total == 0 ? LedgerTransactionKind.EscrowRefund
            : end.Kind == EscrowEndKind.CancelledByEmployer ? LedgerTransactionKind.CancellationFee
            : LedgerTransactionKind.Settlement;
        await ledger.AppendAsync(new LedgerTransaction(ReleaseId, kind,
            PaymentRules.SettlementPostings(terms.EmployerId, AssignmentId, terms.WorkerId, split), time.GetUtcNow(), Reference(terms)));
        return new EscrowResult(EscrowOutcome.Ok, await Get(), null);
    }

    public async Task<EscrowView> Get()
    {
        if (await ledger.FindAsync(HoldId) is not { } hold)
        {
            return new EscrowView(AssignmentId, EscrowStatus.None, 0, 0, 0, 0, 0);
        }

        if (await ledger.FindAsync(ReleaseId) is not { } release)
        {
            return new EscrowView(AssignmentId, EscrowStatus.Held, Held(hold), 0, 0, 0, 0);
        }

        long To(LedgerAccountKind kind) => release.Postings.Where(p => p.Account.Kind == kind).Sum(p => p.Amount);
        return new EscrowView(AssignmentId, EscrowStatus.Released, Held(hold),
            To(LedgerAccountKind.WorkerAvailable), To(LedgerAccountKind.PlatformRevenue), To(LedgerAccountKind.TaxPayable),
            To(LedgerAccountKind.EmployerAvailable));
    }

    private static long Held(LedgerTransaction hold) => hold.Postings.Single(p => p.Account.Kind == LedgerAccountKind.Escrow).Amount;

    /// <summary>The job and worker, so that the ledger's history says which shift moved the money.</summary>
    private static string Reference(EscrowTerms terms) => $"escrow/{terms.JobId:N}/{terms.WorkerId:N}";
}
