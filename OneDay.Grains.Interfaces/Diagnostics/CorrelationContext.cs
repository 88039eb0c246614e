namespace OneDay.Grains.Interfaces.Diagnostics;

/// <summary>
/// The request's correlation id travels to grains in Orleans' request context under this key, so the events a
/// request causes name it without every grain method taking it as an argument.
/// </summary>
public static class CorrelationContext
{
    public const string Key = "correlationId";

    /// <summary>The id the calling request set, or null outside one (a reminder, a timer, a stream delivery).</summary>
    public static string? Current => RequestContext.Get(Key) as string;
}
