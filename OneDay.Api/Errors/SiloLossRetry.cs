using OneDay.Grains.Interfaces.Diagnostics;
using Orleans.Runtime;

namespace OneDay.Api.Errors;

/// <summary>
/// Sends a read or a keyed write (GET, HEAD, PUT, DELETE: the methods HTTP defines as idempotent) through once more
/// when its first try failed because the silo it went to is gone, before anything was answered: the client gets
/// the answer of the second try instead of a 503 for a fault it cannot see. Other requests (a POST that may have
/// taken effect) and other faults (a store down, which a moment does not cure) are answered as they failed.
/// </summary>
public sealed partial class SiloLossRetry(RequestDelegate next, TimeProvider time, ILogger<SiloLossRetry> logger)
{
    /// <summary>Long enough for Orleans to stop routing to the silo that refused the connection.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(250);

    public Task InvokeAsync(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)
        || HttpMethods.IsPut(context.Request.Method) || HttpMethods.IsDelete(context.Request.Method)
            ? RetryOnceAsync(context)
            : next(context);

    /// <summary>
    /// Whether the exception says a silo could not be reached, anywhere in its chain. A store's outage does not count,
    /// though the silo wraps it too.
    /// </summary>
    public static bool IsSiloLoss(Exception exception)
    {
        var chain = new List<Exception>();
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            chain.Add(e);
        }

        return !chain.Any(e => e is StoreUnavailableException)
            && chain.Any(e => e is SiloUnavailableException or OrleansMessageRejectionException or Orleans.Runtime.Messaging.ConnectionFailedException);
    }

    private async Task RetryOnceAsync(HttpContext context)
    {
        if (context.WebSockets.IsWebSocketRequest)
        {
            await next(context);
            return;
        }

        // A PUT's body is read again by the second try; bodies are bounded by Kestrel's limit.
        context.Request.EnableBuffering();
        try
        {
            await next(context);
        }
        catch (Exception ex) when (IsSiloLoss(ex) && !context.Response.HasStarted && !context.RequestAborted.IsCancellationRequested)
        {
            LogRetrying(logger, context.Request.Method, context.Request.Path.Value ?? "/", ex.GetType().Name);
            await Task.Delay(Delay, time, context.RequestAborted);
            context.Response.Clear();
            context.Request.Body.Position = 0;
            await next(context);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} reached a silo that is gone ({Exception}); trying once more")]
    private static partial void LogRetrying(ILogger logger, string method, string path, string exception);
}
