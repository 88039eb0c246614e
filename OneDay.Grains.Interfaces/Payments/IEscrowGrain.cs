namespace OneDay.Grains.Interfaces.Payments;

/// <summary>
/// The money of one assignment (key: the assignment id, one worker's acceptance on one job): held from the
/// employer when the worker is accepted, released once when the assignment ends. Both are idempotent, and the
/// first release stands: a retried or late second one answers the first.
/// </summary>
[Alias("oneday.payments.IEscrowGrain")]
public interface IEscrowGrain : IGrainWithGuidKey
{
    /// <summary>Holds the shift's wage and the platform's fee from the employer's available balance.</summary>
    [Alias("hold")]
    Task<EscrowResult> Hold(EscrowTerms terms);

    /// <summary>Releases what is held as <paramref name="end"/> says; with nothing held, moves nothing.</summary>
    [Alias("release")]
    Task<EscrowResult> Release(EscrowTerms terms, EscrowEnd end);

    [Alias("get")]
    Task<EscrowView> Get();
}
