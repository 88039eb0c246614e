namespace OneDay.Grains.Interfaces.Payments;

public enum ReconciliationDifferenceKind
{
    /// <summary>The provider moved money (a payment, a cancellation, a payout) that the ledger never recorded.</summary>
    MissingInLedger = 0,

    /// <summary>The ledger moved provider money that the provider's report does not show.</summary>
    MissingAtProvider = 1,

    /// <summary>Both know the movement, with different amounts.</summary>
    AmountMismatch = 2,
}

/// <param name="Reference">The provider's order or payout id, which is the ledger transaction's id in its 32-digit form.</param>
/// <param name="ProviderClearingKrw">What the provider's report moves on the provider clearing account (money in is negative).</param>
/// <param name="LedgerClearingKrw">What the ledger's postings to provider clearing sum to for it.</param>
[GenerateSerializer, Immutable, Alias("oneday.payments.reconciliation-difference")]
public sealed record ReconciliationDifference(
    [property: Id(0)] ReconciliationDifferenceKind Kind,
    [property: Id(1)] string Reference,
    [property: Id(2)] long ProviderClearingKrw,
    [property: Id(3)] long LedgerClearingKrw);

/// <summary>One Korean business day's provider settlement report held against the ledger.</summary>
[GenerateSerializer, Immutable, Alias("oneday.payments.reconciliation-report")]
public sealed record ReconciliationReport(
    [property: Id(0)] DateOnly Day,
    [property: Id(1)] string Provider,
    [property: Id(2)] int Matched,
    [property: Id(3)] ReconciliationDifference[] Differences,
    [property: Id(4)] long CollectedKrw,
    [property: Id(5)] long PaidOutKrw,
    [property: Id(6)] long FeesKrw);

/// <summary>Reconciles the payment provider with the ledger (key: 0).</summary>
[Alias("oneday.payments.IReconciliationGrain")]
public interface IReconciliationGrain : IGrainWithIntegerKey
{
    [Alias("reconcile")]
    Task<ReconciliationReport> Reconcile(DateOnly day);
}

/// <summary>
/// The daily reconciliation (key: 0): a reminder reconciles each Korean business day once it has closed, and
/// keeps the recent reports for operators; a day with differences is logged as a warning when it is found.
/// </summary>
[Alias("oneday.payments.IDailyReconciliationGrain")]
public interface IDailyReconciliationGrain : IGrainWithIntegerKey
{
    /// <summary>Makes sure the daily reminder is registered (every payments silo asks as it starts).</summary>
    [Alias("start")]
    Task Start();

    /// <summary>Reconciles every day that has closed since the last one reconciled (what the reminder does).</summary>
    [Alias("run-due")]
    Task<ReconciliationReport[]> RunDue();

    /// <summary>The reports kept, newest day first.</summary>
    [Alias("reports")]
    Task<ReconciliationReport[]> Reports();
}
