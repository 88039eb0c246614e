using System.Net;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Payments;

/// <summary>
/// A client that behaves as real ones do while a silo dies: it sends until the platform answers, retrying a 503
/// or no answer at all with the same request (Idempotency-Key and all), and returns anything else.
/// </summary>
public sealed class RetryingApi(GatewayHost gateway)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    public async Task<HttpResponseMessage> Send(HttpMethod method, string path, string token, object? body = null, string? idempotencyKey = null)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            try
            {
                var response = await SendOnce(method, path, token, body, idempotencyKey);
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
                {
                    return response;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && DateTime.UtcNow < deadline)
            {
                // No answer: whether it was done or not, the same request again says.
            }

            await Task.Delay(250);
        }
    }

    private Task<HttpResponseMessage> SendOnce(HttpMethod method, string path, string token, object? body, string? idempotencyKey) =>
        new TestApi(gateway).SendAsync(method, path, token, body, r =>
        {
            if (idempotencyKey is not null)
            {
                r.Headers.Add("Idempotency-Key", idempotencyKey);
            }
        });
}
