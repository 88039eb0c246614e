using System.ComponentModel.DataAnnotations;

namespace OneDay.Grains.Payments;

/// <summary>
/// The payments domain's rules that differ by deployment. Section OneDay:Payments, bound once with the silo's
/// other keys (SiloSettings) and validated at start. Rates are in basis points (1/100 of a percent), so every
/// computation stays in whole numbers.
/// </summary>
public sealed class PaymentOptions
{
    /// <summary>The largest single top-up.</summary>
    [Range(1, MaxMovementLimitKrw)]
    public long MaxTopUpKrw { get; set; } = 5_000_000;

    /// <summary>The largest amount any one posting may move: a guard against a typo or a bug moving a fortune.</summary>
    [Range(1, MaxMovementLimitKrw)]
    public long MaxMovementKrw { get; set; } = 1_000_000_000;

    /// <summary>The platform's fee on a shift's wage, charged to the employer on top of the wage (1000 = 10%).</summary>
    [Range(0, 10_000)]
    public int PlatformFeeBasisPoints { get; set; } = 1_000;

    /// <summary>The most one worker may have paid out in a Korean business day.</summary>
    [Range(1, MaxMovementLimitKrw)]
    public long MaxDailyPayoutKrw { get; set; } = 2_000_000;

    /// <summary>
    /// An employer who cancels an accepted worker's shift this close to its start (or later) pays the worker
    /// <see cref="LateCancellationShareBasisPoints"/> of the wage from the escrow; earlier, the escrow is refunded whole.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan LateCancellationWindow { get; set; } = TimeSpan.FromHours(24);

    [Range(0, 10_000)]
    public int LateCancellationShareBasisPoints { get; set; } = 5_000;

    /// <summary>The points a worker earns per paid shift, as a share of the net pay (100 = 1%, rounded down).</summary>
    [Range(0, 10_000)]
    public int PointsBasisPoints { get; set; } = 100;

    public WithholdingOptions Withholding { get; set; } = new();

    /// <summary>
    /// No setting may go above this: a trillion KRW, far beyond any shift, yet small enough that a sum of a few
    /// million such amounts still fits in a long.
    /// </summary>
    public const long MaxMovementLimitKrw = 1_000_000_000_000;
}

/// <summary>
/// Income tax withheld from a day's wage (section OneDay:Payments:Withholding). The defaults are Korea's rule for
/// daily workers: the part of the day's wage above 150,000 KRW is taxed at 6%, less a 55% credit, plus local
/// income tax of 10% of that tax; nothing is withheld when the tax comes to less than 1,000 KRW.
/// </summary>
public sealed class WithholdingOptions
{
    /// <summary>The part of a day's wage that is never taxed.</summary>
    [Range(0, PaymentOptions.MaxMovementLimitKrw)]
    public long DailyDeductionKrw { get; set; } = 150_000;

    /// <summary>At most 50%, as is local tax, so that what is withheld never exceeds the wage.</summary>
    [Range(0, 5_000)]
    public int RateBasisPoints { get; set; } = 600;

    /// <summary>The share of the computed tax that is credited back.</summary>
    [Range(0, 10_000)]
    public int CreditBasisPoints { get; set; } = 5_500;

    /// <summary>Local income tax, as a share of the national tax after the credit.</summary>
    [Range(0, 5_000)]
    public int LocalTaxBasisPoints { get; set; } = 1_000;

    /// <summary>A national tax below this is not withheld at all (nor its local tax).</summary>
    [Range(0, PaymentOptions.MaxMovementLimitKrw)]
    public long MinimumTaxKrw { get; set; } = 1_000;
}
