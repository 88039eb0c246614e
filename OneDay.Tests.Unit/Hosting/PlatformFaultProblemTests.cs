using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using OneDay.Api.Errors;
using Orleans.Storage;

namespace OneDay.Tests.Unit.Hosting;

/// <summary>Which exceptions escaping an endpoint are the platform's fault (503, Retry-After) rather than a bug (500).</summary>
public sealed class PlatformFaultProblemTests
{
    [Fact]
    public async Task A_write_refused_because_another_activation_wrote_first_is_a_503_with_retry_after()
    {
        var context = await HandleAsync(new InvalidOperationException("wrapped",
            new InconsistentStateException("Grain state jobs/geo-cell was changed by another writer", "1", "2")));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("5", context.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task A_silo_timeout_that_could_not_be_sent_is_a_503()
    {
        var context = await HandleAsync(new Orleans.Serialization.CodecNotFoundException(
            "Could not find a codec for type Polly.Timeout.TimeoutRejectedException."));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
    }

    [Fact]
    public async Task Any_other_exception_a_silo_could_not_send_is_still_a_500()
    {
        var context = await HandleAsync(new Orleans.Serialization.CodecNotFoundException("Could not find a codec for type Npgsql.NpgsqlException."));

        Assert.Equal(StatusCodes.Status500InternalServerError, context.Response.StatusCode);
    }

    [Fact]
    public async Task An_unexpected_exception_is_still_a_500()
    {
        var context = await HandleAsync(new InvalidOperationException("a bug"));

        Assert.Equal(StatusCodes.Status500InternalServerError, context.Response.StatusCode);
        Assert.Empty(context.Response.Headers.RetryAfter.ToString());
    }

    private static async Task<DefaultHttpContext> HandleAsync(Exception exception)
    {
        var services = new ServiceCollection().AddLogging().AddOneDayProblemDetails().BuildServiceProvider();
        var context = new DefaultHttpContext { RequestServices = services };
        context.Request.Method = "POST";
        context.Request.Path = "/api/jobs";
        context.Response.Body = new MemoryStream();
        var handler = new ProblemExceptionHandler(services.GetRequiredService<IProblemDetailsService>(), NullLogger<ProblemExceptionHandler>.Instance);

        Assert.True(await handler.TryHandleAsync(context, exception, CancellationToken.None));
        return context;
    }
}
