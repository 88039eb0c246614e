using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Grains.Interfaces.Payments;

/// <summary>
/// What one accepted worker was promised for one shift: the job passes the same terms to hold and to release,
/// and the escrow derives every amount from them, so the payments domain alone owns the money rules.
/// </summary>
[GenerateSerializer, Immutable, Alias("oneday.payments.escrow-terms")]
public sealed record EscrowTerms(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] Guid EmployerId,
    [property: Id(2)] Guid WorkerId,
    [property: Id(3)] JobPay Pay,
    [property: Id(4)] DateTimeOffset StartsAt,
    [property: Id(5)] DateTimeOffset EndsAt);

/// <summary>How an assignment ended, as the job knows it; the escrow turns it into who gets what.</summary>
public enum EscrowEndKind
{
    /// <summary>The shift was worked and confirmed (by the employer, or automatically): the worker is paid in full.</summary>
    Completed = 0,

    /// <summary>
    /// The employer cancelled the worker's shift (the whole job, or this worker): within the late-cancellation
    /// window before the start the worker is paid a share, earlier the employer gets everything back.
    /// </summary>
    CancelledByEmployer = 1,

    /// <summary>The worker withdrew, did not show up, or the acceptance was undone: the employer gets everything back.</summary>
    Refunded = 2,

    /// <summary>An admin resolved a dispute: the worker is paid <see cref="EscrowEnd.WorkerWageKrw"/> of the wage.</summary>
    Resolved = 3,
}

/// <param name="At">When it ended (for a cancellation: how long before the start).</param>
/// <param name="WorkerWageKrw">For <see cref="EscrowEndKind.Resolved"/>: the part of the wage the worker is paid.</param>
[GenerateSerializer, Immutable, Alias("oneday.payments.escrow-end")]
public sealed record EscrowEnd(
    [property: Id(0)] EscrowEndKind Kind,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] long WorkerWageKrw = 0);

public enum EscrowStatus
{
    /// <summary>Nothing is held for this assignment (it was never held, or the acceptance did not go through).</summary>
    None = 0,
    Held = 1,
    Released = 2,
}

/// <summary>One assignment's escrow: what was held, and once released, where it went.</summary>
[GenerateSerializer, Immutable, Alias("oneday.payments.escrow-view")]
public sealed record EscrowView(
    [property: Id(0)] Guid AssignmentId,
    [property: Id(1)] EscrowStatus Status,
    [property: Id(2)] long HeldKrw,
    [property: Id(3)] long WorkerNetKrw,
    [property: Id(4)] long FeeKrw,
    [property: Id(5)] long WithheldKrw,
    [property: Id(6)] long RefundedKrw);

public enum EscrowOutcome
{
    Ok = 0,

    /// <summary>The employer's available balance is smaller than the shift's pay and fee: nothing was held.</summary>
    InsufficientFunds = 1,

    /// <summary>The terms cannot be charged (a pay or a shift the ledger cannot move): nothing was held.</summary>
    Invalid = 2,
}

[GenerateSerializer, Immutable, Alias("oneday.payments.escrow-result")]
public sealed record EscrowResult(
    [property: Id(0)] EscrowOutcome Outcome,
    [property: Id(1)] EscrowView Escrow,
    [property: Id(2)] string? Detail);

/// <summary>Names assignments, the keys of escrows.</summary>
public static class Assignments
{
    /// <summary>
    /// One acceptance of one worker on one job; <paramref name="acceptance"/> tells apart the acceptances of the
    /// same worker on the same job (one withdrawn, a later one held again), so that each has its own escrow. The
    /// same three always name the same assignment, so a retried hold finds the money it held before.
    /// </summary>
    public static Guid Id(Guid jobId, Guid workerId, long acceptance)
    {
        var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes($"assignment|{jobId:N}|{workerId:N}|{acceptance}"));
        return new Guid(hash.AsSpan(0, 16));
    }
}
