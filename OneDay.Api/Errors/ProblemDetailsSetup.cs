using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using OneDay.Api.Http;
using OneDay.Grains.Interfaces.Diagnostics;
using Orleans.Runtime;
using Orleans.Storage;

namespace OneDay.Api.Errors;

public static class ProblemDetailsSetup
{
    public static IServiceCollection AddOneDayProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var problem = context.ProblemDetails;
            var status = problem.Status ?? context.HttpContext.Response.StatusCode;
            problem.Status = status;
            // The framework's default type points at an RFC section; ours is stable per error kind.
            if (problem.Type is null || problem.Type.StartsWith("https://tools.ietf.org/", StringComparison.Ordinal))
            {
                problem.Type = ProblemTypes.ForStatus(status);
            }

            problem.Instance ??= context.HttpContext.Request.Path;
            problem.Extensions.Remove("exception");
            problem.Extensions["correlationId"] = CorrelationIdMiddleware.Get(context.HttpContext);
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        services.Configure<Microsoft.AspNetCore.Http.Json.JsonOptions>(options =>
        {
            // Unknown fields are a client bug worth reporting, not something to drop silently.
            options.SerializerOptions.UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow;
            options.SerializerOptions.RespectNullableAnnotations = true;
            options.SerializerOptions.RespectRequiredConstructorParameters = true;
            options.SerializerOptions.TypeInfoResolverChain.Insert(0, HotPathJson.Default);
        });
        // Throwing lets the exception handler turn binding failures into problems with the field path.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }
}

/// <summary>Maps every exception that escapes an endpoint to a problem response without internals.</summary>
public sealed partial class ProblemExceptionHandler(
    IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>How long a client should wait before retrying after the platform itself failed.</summary>
    public static readonly TimeSpan PlatformRetryAfter = TimeSpan.FromSeconds(5);

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var problem = IsPlatformFault(exception) ? PlatformUnavailable() : Map(exception);
        if (problem.Status >= 500)
        {
            LogUnhandled(logger, exception, httpContext.Request.Method, httpContext.Request.Path.Value ?? "/");
        }

        if (problem.Status == StatusCodes.Status503ServiceUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = ((int)PlatformRetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>
    /// A store or silo that cannot answer now, anywhere in the chain (Orleans wraps a failed activation's
    /// cause), or a write refused because a second activation of the grain wrote first, as happens while a silo
    /// hands its grains over: the client did nothing wrong and may retry, so 503 rather than 500.
    /// </summary>
    private static bool IsPlatformFault(Exception exception)
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is StoreUnavailableException or DomainUnavailableException or SiloUnavailableException or OrleansMessageRejectionException
                or GatewayTooBusyException or TimeoutException or Orleans.Runtime.Messaging.ConnectionFailedException
                or InconsistentStateException || IsUnsendableTimeout(e))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// A timeout inside a silo's runtime (Orleans times some of its own steps with Polly) whose exception the silo
    /// could not send: the gateway receives only the codec's complaint naming it. Seen under load while silos restart.
    /// </summary>
    private static bool IsUnsendableTimeout(Exception e) =>
        e is Orleans.Serialization.CodecNotFoundException
        && e.Message.Contains("Polly.Timeout.TimeoutRejectedException", StringComparison.Ordinal);

    private static ProblemDetails PlatformUnavailable() => new()
    {
        Status = StatusCodes.Status503ServiceUnavailable,
        Type = ProblemTypes.Unavailable,
        Title = "The service is temporarily unavailable.",
        Detail = "The request could not be completed now; retry after the Retry-After seconds.",
    };

    private static ProblemDetails Map(Exception exception) => exception switch
    {
        BadHttpRequestException { InnerException: JsonException json } => MalformedJson(json),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new ProblemDetails
        {
            Status = StatusCodes.Status413PayloadTooLarge,
            Type = ProblemTypes.PayloadTooLarge,
            Title = "The request body is too large.",
        },
        BadHttpRequestException { StatusCode: StatusCodes.Status415UnsupportedMediaType } => new ProblemDetails
        {
            Status = StatusCodes.Status415UnsupportedMediaType,
            Type = ProblemTypes.UnsupportedMediaType,
            Title = "Send the body as application/json.",
        },
        BadHttpRequestException bad => new ProblemDetails
        {
            Status = bad.StatusCode is >= 400 and < 500 ? bad.StatusCode : StatusCodes.Status400BadRequest,
            Type = ProblemTypes.BadRequest,
            Title = "The request is not valid.",
            Detail = bad.Message,
        },
        JsonException json => MalformedJson(json),
        OperationCanceledException => new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Type = ProblemTypes.Unavailable,
            Title = "The request was cancelled or timed out.",
        },
        _ => new ProblemDetails
        {
            Status = StatusCodes.Status500InternalServerError,
            Type = ProblemTypes.Internal,
            Title = "An unexpected error occurred.",
        },
    };

    private static ProblemDetails MalformedJson(JsonException json)
    {
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status400BadRequest,
            Type = ProblemTypes.MalformedJson,
            Title = "The request body is not valid JSON for this endpoint.",
            Detail = json.Path is null ? "The body could not be read." : $"Problem at {json.Path}.",
        };
        if (json.Path is not null)
        {
            problem.Extensions["errors"] = new Dictionary<string, string[]>
            {
                [json.Path] = [DescribeJsonError(json)],
            };
        }

        return problem;
    }

    // JsonException messages can echo type names of our contracts; keep only a generic reason.
    private static string DescribeJsonError(JsonException json) =>
        json.Message.Contains("could not be mapped", StringComparison.Ordinal) ? "Unknown field."
        : json.Message.Contains("missing required", StringComparison.OrdinalIgnoreCase) ? "Required field is missing."
        : json.Message.Contains("null", StringComparison.OrdinalIgnoreCase) ? "Must not be null."
        : "Wrong type or malformed value.";

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception for {Method} {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string method, string path);
}
