using OneDay.Grains.Interfaces;

namespace OneDay.Api.Errors;

/// <summary>Problem responses for expected outcomes (the exception handler covers the unexpected ones).</summary>
public static class Problems
{
    public static IResult Of(int status, string type, string title, string? detail = null) =>
        Results.Problem(statusCode: status, type: type, title: title, detail: detail);

    /// <summary>A part of the platform could not answer just now: 503, and when to try again, as for a platform fault.</summary>
    public static IResult Unavailable(string title, string? detail) => new RetryLater(
        Of(StatusCodes.Status503ServiceUnavailable, ProblemTypes.Unavailable, title, detail), ProblemExceptionHandler.PlatformRetryAfter);

    public static IResult NotFound(string what) =>
        Of(StatusCodes.Status404NotFound, ProblemTypes.NotFound, $"{what} was not found.");

    public static IResult Validation(FieldErrors errors) => Validation(errors.ToDictionary());

    /// <summary>The field errors a grain's rules answered; a field with several keeps them in order.</summary>
    public static IResult Validation(IEnumerable<FieldError> errors) => Validation(
        errors.GroupBy(e => e.Field, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal));

    /// <summary>The one shape of a 400 with field errors, whichever domain's endpoint found them.</summary>
    public static IResult Validation(IDictionary<string, string[]> errors) =>
        Results.ValidationProblem(errors, type: ProblemTypes.Validation, title: "Some fields are not valid.",
            statusCode: StatusCodes.Status400BadRequest);

    public static IResult TooManyRequests(HttpContext context, TimeSpan retryAfter, string type, string title)
    {
        context.Response.Headers.RetryAfter =
            Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Of(StatusCodes.Status429TooManyRequests, type, title);
    }
}

/// <summary>Field errors keyed by the JSON property path, as RFC 9457 "errors" (ASP.NET's validation problem shape).</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public FieldErrors Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
        return this;
    }

    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);
}

/// <summary>A problem answer with a Retry-After header.</summary>
internal sealed class RetryLater(IResult problem, TimeSpan after) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.Headers.RetryAfter = ((int)after.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return problem.ExecuteAsync(httpContext);
    }
}
