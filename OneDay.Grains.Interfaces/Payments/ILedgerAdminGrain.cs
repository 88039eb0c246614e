namespace OneDay.Grains.Interfaces.Payments;

/// <summary>Operators' view of the whole ledger (key: 0).</summary>
[Alias("oneday.payments.ILedgerAdminGrain")]
public interface ILedgerAdminGrain : IGrainWithIntegerKey
{
    /// <summary>Every transaction balances, every balance equals its postings, none negative that may not be, all sum to zero.</summary>
    [Alias("verify")]
    Task<LedgerVerification> Verify();
}
