using System.Diagnostics;
using System.Text.RegularExpressions;
using OneDay.Api.Analytics;
using OneDay.Grains.Interfaces.Diagnostics;

namespace OneDay.Api.Http;

/// <summary>
/// Gives every request a correlation id (the caller's X-Correlation-Id when it is well formed, else a
/// new one), echoes it on the response, puts it in the log scope, logs one line per request and counts it in
/// the gateway's <see cref="RequestWindow"/> (the operator console's live figures).
/// </summary>
public sealed partial class CorrelationIdMiddleware(
    RequestDelegate next, TimeProvider time, RequestWindow requests, ILogger<CorrelationIdMiddleware> logger)
{
    public const string HeaderName = "X-Correlation-Id";

    public async Task InvokeAsync(HttpContext context)
    {
        var incoming = context.Request.Headers[HeaderName].ToString();
        var correlationId = IsAcceptable(incoming) ? incoming : NewId();
        // The request's trace identifier is what the framework itself reports (the problem details' traceId),
        // and holding it there spares every request the Items dictionary.
        context.TraceIdentifier = correlationId;
        // A client's own id differs from the trace id: on the request's span, the one finds the other.
        Activity.Current?.SetTag("oneday.correlation_id", correlationId);
        // Set as the response starts, not now: the exception handler clears the response's headers before it
        // writes a 500 problem, and that is the answer whose id an operator needs most.
        context.Response.OnStarting(SetHeader, context);
        // Only writes cause events; a value in the request context rides along on every grain call, so reads,
        // the hot path, go without it.
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            RequestContext.Set(CorrelationContext.Key, correlationId);
        }

        var started = time.GetTimestamp();
        using (logger.BeginScope(new CorrelationScope(correlationId)))
        {
            try
            {
                await next(context);
            }
            finally
            {
                var elapsed = time.GetElapsedTime(started);
                requests.Record(context.Response.StatusCode, elapsed);
                if (logger.IsEnabled(LogLevel.Information))
                {
                    LogRequest(
                        logger,
                        context.Request.Method,
                        context.Request.Path.Value ?? "/",
                        context.Response.StatusCode,
                        elapsed.TotalMilliseconds,
                        correlationId);
                }
            }
        }
    }

    public static string Get(HttpContext context) => context.TraceIdentifier;

    private static Task SetHeader(object state)
    {
        var context = (HttpContext)state;
        context.Response.Headers[HeaderName] = Get(context);
        return Task.CompletedTask;
    }

    // Anything else (too long, control characters, spaces) could forge log lines or bloat headers.
    private static bool IsAcceptable(string value) => value.Length is > 0 and <= 64 && SafeId().IsMatch(value);

    // A random trace id, not Guid.NewGuid: on Linux each new Guid reads the kernel's random source with a
    // system call on every request, and a correlation id needs to be unique, not unguessable.
    private static string NewId() =>
        (Activity.Current?.TraceId ?? ActivityTraceId.CreateRandom()).ToHexString();

    /// <summary>
    /// The log scope's state: one small object per request instead of a dictionary, read by logging
    /// providers as a single key/value pair.
    /// </summary>
    private sealed class CorrelationScope(string correlationId) : IReadOnlyList<KeyValuePair<string, object>>
    {
        public int Count => 1;

        public KeyValuePair<string, object> this[int index] =>
            index == 0 ? new("CorrelationId", correlationId) : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
        {
            yield return this[0];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => "CorrelationId:" + correlationId;
    }

    [GeneratedRegex("^[A-Za-z0-9._:-]+$")]
    private static partial Regex SafeId();

    [LoggerMessage(
        Level = LogLevel.Information,
        Message = "{Method} {Path} -> {StatusCode} in {ElapsedMs:0.0} ms [{CorrelationId}]")]
    private static partial void LogRequest(
        ILogger logger, string method, string path, int statusCode, double elapsedMs, string correlationId);
}
