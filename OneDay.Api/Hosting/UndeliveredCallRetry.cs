using OneDay.Grains.Interfaces.Diagnostics;
using Orleans.Runtime;

namespace OneDay.Api.Hosting;

/// <summary>
/// Sends a grain call again when the cluster rejected it undelivered: when a silo is killed, the silos that route to
/// it refuse each call for it (OrleansMessageRejectionException: the connection failed) until membership declares it
/// dead, five or six seconds later, and its grains are activated elsewhere; when it was its domain's only silo, placement
/// then finds no silo for the grain (DomainUnavailableException) until one is back; and a gateway the client picked may
/// refuse the connection (ConnectionFailedException) until the client's list drops it. None of these calls was run, so
/// sending it again is safe whatever it does; waiting a few seconds beats a 503 for a fault the caller cannot see. (A
/// rejection does not say which hop was refused: one from a grain's own call further down is taken for this call's.)
/// </summary>
public sealed partial class UndeliveredCallRetry(TimeProvider time, ILogger<UndeliveredCallRetry> logger) : IOutgoingGrainCallFilter
{
    /// <summary>Waits before each new try: 6.3 s in all, past the time membership takes to declare a silo dead.</summary>
    public static readonly IReadOnlyList<TimeSpan> Delays =
        [.. new[] { 100, 200, 400, 800, 1_600, 3_200 }.Select(ms => TimeSpan.FromMilliseconds(ms))];

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await context.Invoke();
                return;
            }
            catch (Exception ex) when (IsUndelivered(ex, context.TargetId) && attempt < Delays.Count)
            {
                LogRetrying(logger, context.InterfaceName, context.MethodName, attempt + 1, ex.Message);
                await Task.Delay(Delays[attempt], time);
            }
        }
    }

    /// <summary>
    /// Faults that mean the call never reached its grain: a rejection, no silo to place <paramref name="target"/> on, no
    /// gateway to send it through. A grain further down that could not be placed is not one: the grain called may have
    /// done part of its work before calling it.
    /// </summary>
    public static bool IsUndelivered(Exception exception, GrainId target) =>
        exception is OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException
        || exception is DomainUnavailableException { Grain: var grain } && grain == target;

    [LoggerMessage(Level = LogLevel.Information, Message = "{Interface}.{Method} was rejected undelivered; try {Attempt} follows ({Reason})")]
    private static partial void LogRetrying(ILogger logger, string @interface, string method, int attempt, string reason);
}
