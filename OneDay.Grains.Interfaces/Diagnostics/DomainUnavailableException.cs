namespace OneDay.Grains.Interfaces.Diagnostics;

/// <summary>
/// No active silo hosts the domain a grain must be placed in (its only silo was killed, or is restarting), so the
/// grain cannot be activated anywhere for now. Orleans would say so with a bare OrleansException, which the gateway
/// cannot tell from a bug; this one it answers with 503 and Retry-After. The call was not run.
/// </summary>
[GenerateSerializer, Alias("oneday.diagnostics.domain-unavailable")]
public sealed class DomainUnavailableException : Exception
{
    public DomainUnavailableException()
    {
    }

    public DomainUnavailableException(string message)
        : base(message)
    {
    }

    public DomainUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DomainUnavailableException(string domain, GrainId grain)
        : base($"No active silo hosts the {domain} domain, so {grain} cannot be placed now.")
    {
        Domain = domain;
        Grain = grain;
    }

    [Id(0)]
    public string? Domain { get; }

    /// <summary>The grain that could not be placed: a caller can tell its own call's failure from one further down.</summary>
    [Id(1)]
    public GrainId? Grain { get; }
}
