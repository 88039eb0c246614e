using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Payments;

namespace OneDay.Grains.Payments;

/// <summary>What an accepted shift costs its employer: the worker's wage and the platform's fee on it, both held in escrow.</summary>
public sealed record ShiftCharge(long Wage, long Fee)
{
    public long Total => Wage + Fee;
}

/// <summary>Income tax withheld from a wage: the national tax and the local income tax on it.</summary>
public sealed record WithheldTax(long National, long Local)
{
    public static WithheldTax None { get; } = new(0, 0);

    public long Total => National + Local;
}

/// <summary>
/// Where a released escrow goes: net pay to the worker, the fee to revenue, the withholding to tax payable, and
/// the rest back to the employer.
/// </summary>
public sealed record SettlementSplit(long NetPay, long Fee, WithheldTax Withholding, long Refund = 0)
{
    public long Total => NetPay + Fee + Withholding.Total + Refund;
}

/// <summary>
/// The money rules of a shift: what acceptance holds, how settlement splits it, what is withheld. Exact integer
/// arithmetic in KRW throughout (rates in basis points, products in 128 bits), so no won is ever rounded away
/// unseen; pure, so they are tested with worked examples.
/// </summary>
public static class PaymentRules
{
    private const long BasisPoints = 10_000;

    /// <summary>
    /// What accepting a worker for a shift holds from the employer: the wage (<see cref="JobPay.WageFor"/>) and
    /// the platform's fee on it (rounded down, in the employer's favour). Errors name
    /// <c>pay</c> when the charge is not a positive amount the ledger may move.
    /// </summary>
    public static (ShiftCharge? Charge, List<FieldError> Errors) ChargeFor(JobPay pay, TimeSpan shift, PaymentOptions options)
    {
        if (pay.AmountKrw <= 0 || shift <= TimeSpan.Zero || !Enum.IsDefined(pay.Kind))
        {
            return (null, [new FieldError("pay", "A positive amount in KRW, per hour or per shift, over a shift that lasts.")]);
        }

        var wage = pay.WageFor(shift);
        var fee = (Int128)wage * options.PlatformFeeBasisPoints / BasisPoints;
        var total = wage + fee;
        return total > options.MaxMovementKrw
            ? (null, [new FieldError("pay", $"The shift's pay and fee come to more than {options.MaxMovementKrw} KRW.")])
            : (new ShiftCharge((long)wage, (long)fee), []);
    }

    /// <summary>
    /// The tax withheld from a day's wage. With the defaults: 200,000 KRW is taxed on 50,000 at 6% = 3,000, less
    /// the 55% credit (1,650) = 1,350 national and 135 local, 1,485 in all; 160,000 KRW comes to 600 - 330 = 270
    /// national, under the 1,000 minimum, so nothing. Each step rounds down to the won.
    /// </summary>
    public static WithheldTax Withholding(long dailyWage, WithholdingOptions options)
    {
        var taxable = (Int128)dailyWage - options.DailyDeductionKrw;
        if (taxable <= 0)
        {
            return WithheldTax.None;
        }

        var tax = taxable * options.RateBasisPoints / BasisPoints;
        var national = tax - (tax * options.CreditBasisPoints / BasisPoints);
        if (national < options.MinimumTaxKrw || national <= 0)
        {
            return WithheldTax.None;
        }

        var local = national * options.LocalTaxBasisPoints / BasisPoints;
        return new WithheldTax((long)national, (long)local);
    }

    /// <summary>
    /// How a settled shift's escrow is split. The wage is taken as the worker's whole day's wage; a worker with
    /// two shifts on one day is taxed on each alone until settlement knows the day's other wages.
    /// </summary>
    public static SettlementSplit Split(ShiftCharge charge, WithholdingOptions options)
    {
        var withholding = Withholding(charge.Wage, options);
        return new SettlementSplit(charge.Wage - withholding.Total, charge.Fee, withholding);
    }

    /// <summary>
    /// How an escrow of <paramref name="held"/> is released when its assignment ends. The wage is the charge's,
    /// the fee what was held above it (so a fee rate changed since the hold changes nothing held). Completed:
    /// the whole wage and fee. Cancelled by the employer within the late-cancellation window before the start:
    /// the configured share of the wage, no fee. Resolved: the part of the wage the admin awarded, and the fee
    /// on that part. Anything else: all back to the employer. Whatever the worker is paid is taxed as the day's wage.
    /// </summary>
    public static SettlementSplit ReleaseSplit(ShiftCharge charge, long held, EscrowEnd end, DateTimeOffset startsAt, PaymentOptions options)
    {
        var wage = Math.Min(charge.Wage, held);
        var fee = held - wage;
        var (paid, charged) = end.Kind switch
        {
            EscrowEndKind.Completed => (wage, fee),
            EscrowEndKind.CancelledByEmployer when startsAt - end.At <= options.LateCancellationWindow =>
                ((long)((Int128)wage * options.LateCancellationShareBasisPoints / BasisPoints), 0L),
            EscrowEndKind.Resolved when wage > 0 => (Math.Clamp(end.WorkerWageKrw, 0, wage), 0L),
            _ => (0L, 0L),
        };
        if (end.Kind == EscrowEndKind.Resolved && wage > 0)
        {
            charged = (long)((Int128)fee * paid / wage);
        }

        var withholding = paid > 0 ? Withholding(paid, options.Withholding) : WithheldTax.None;
        return new SettlementSplit(paid - withholding.Total, charged, withholding, held - paid - charged);
    }

    /// <summary>The points a net pay earns: the configured share, rounded down (1% of 45,000 KRW: 450).</summary>
    public static long PointsFor(long netPayKrw, PaymentOptions options) =>
        netPayKrw <= 0 ? 0 : (long)((Int128)netPayKrw * options.PointsBasisPoints / BasisPoints);

    /// <summary>Acceptance: the shift's wage and fee leave the employer's available balance for the assignment's escrow.</summary>
    public static Posting[] HoldPostings(Guid employerId, Guid assignmentId, ShiftCharge charge) =>
    [
        new(LedgerAccount.EmployerAvailable(employerId), -charge.Total),
        new(LedgerAccount.Escrow(employerId, assignmentId), charge.Total),
    ];

    /// <summary>
    /// Release: the whole escrow leaves, to the worker, revenue, tax payable and back to the employer (no posting
    /// of zero).
    /// </summary>
    public static Posting[] SettlementPostings(Guid employerId, Guid assignmentId, Guid workerId, SettlementSplit split)
    {
        Posting[] postings =
        [
            new(LedgerAccount.Escrow(employerId, assignmentId), -split.Total),
            new(LedgerAccount.WorkerAvailable(workerId), split.NetPay),
            new(LedgerAccount.PlatformRevenueFor(assignmentId), split.Fee),
            new(LedgerAccount.TaxPayableFor(assignmentId), split.Withholding.Total),
            new(LedgerAccount.EmployerAvailable(employerId), split.Refund),
        ];
        return [.. postings.Where(p => p.Amount != 0)];
    }

    /// <summary>A confirmed top-up: money the provider now holds for the platform, owed to the employer.</summary>
    public static Posting[] TopUpPostings(Guid userId, long amount) =>
    [
        new(LedgerAccount.ProviderClearing, -amount),
        new(LedgerAccount.EmployerAvailable(userId), amount),
    ];

    /// <summary>A payout asked for: the money leaves the worker's available balance and waits for the provider.</summary>
    public static Posting[] PayoutRequestedPostings(Guid workerId, long amount) =>
    [
        new(LedgerAccount.WorkerAvailable(workerId), -amount),
        new(LedgerAccount.WorkerPendingPayout(workerId), amount),
    ];

    /// <summary>The provider paid it: the money leaves the platform's funds at the provider.</summary>
    public static Posting[] PayoutCompletedPostings(Guid workerId, long amount) =>
    [
        new(LedgerAccount.WorkerPendingPayout(workerId), -amount),
        new(LedgerAccount.ProviderClearing, amount),
    ];

    /// <summary>The provider could not pay it: the money is the worker's to use again.</summary>
    public static Posting[] PayoutFailedPostings(Guid workerId, long amount) =>
    [
        new(LedgerAccount.WorkerPendingPayout(workerId), -amount),
        new(LedgerAccount.WorkerAvailable(workerId), amount),
    ];
}
