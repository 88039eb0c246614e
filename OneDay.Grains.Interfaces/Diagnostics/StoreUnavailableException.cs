namespace OneDay.Grains.Interfaces.Diagnostics;

/// <summary>
/// A store the platform depends on (PostgreSQL) cannot be reached or refuses connections for now. Thrown
/// in place of the driver's own exception, which Orleans cannot carry to the caller, so that the gateway
/// can answer 503 with Retry-After instead of 500. Nothing was written by the call that failed.
/// </summary>
[GenerateSerializer, Alias("oneday.diagnostics.store-unavailable")]
public sealed class StoreUnavailableException : Exception
{
    public StoreUnavailableException()
    {
    }

    public StoreUnavailableException(string message)
        : base(message)
    {
    }

    public StoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public StoreUnavailableException(string store, string reason)
        : base($"The {store} is unavailable: {reason}")
    {
        Store = store;
    }

    [Id(0)]
    public string? Store { get; }
}
