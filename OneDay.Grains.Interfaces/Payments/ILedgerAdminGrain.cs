namespace OneDay.Grains.Interfaces.Payments;

/// <summary>Operators' view of the whole ledger (key: 0).</summary>
[Alias("oneday.payments.ILedgerAdminGrain")]
public interface ILedgerAdminGrain : IGrainWithIntegerKey
{
    /// <summary>Every transaction balances, every balance equals its postings, none negative that may not be, all sum to zero.</summary>
    [Alias("verify")]
    Task<LedgerVerification> Verify();

    /// <summary>
    /// Corrects a user's balance by hand, audited with the admin's reason before any money moves; an amount that
    /// would take the account below zero moves nothing.
    /// </summary>
    [Alias("adjust")]
    Task<AdjustmentResult> Adjust(AdjustmentRequest request);
}
