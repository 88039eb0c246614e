using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace OneDay.Grains.Payments.Providers;

/// <summary>How the sandbox sends a signed webhook: true when the endpoint took it (2xx), false otherwise, never an exception.</summary>
public interface IWebhookTransport
{
    Task<bool> SendAsync(Uri endpoint, byte[] body, string signature);
}

public sealed partial class HttpWebhookTransport(IHttpClientFactory clients, ILogger<HttpWebhookTransport> logger) : IWebhookTransport
{
    public const string ClientName = "oneday-sandbox-webhooks";

    public async Task<bool> SendAsync(Uri endpoint, byte[] body, string signature)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = content };
        request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, signature);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request);
            if (!response.IsSuccessStatusCode)
            {
                LogRefused(endpoint, (int)response.StatusCode);
            }

            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            LogUnreachable(endpoint, ex.Message);
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox webhook to {Endpoint} answered {Status}; it will be sent again.")]
    private partial void LogRefused(Uri endpoint, int status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox webhook to {Endpoint} could not be sent ({Reason}); it will be sent again.")]
    private partial void LogUnreachable(Uri endpoint, string reason);
}

/// <summary>What the sandbox grains share: settings, the signer, the transport and the clock.</summary>
public sealed class SandboxPsp(SandboxPspOptions options, WebhookSignature signature, IWebhookTransport transport, TimeProvider time)
{
    public SandboxPspOptions Options { get; } = options;

    public WebhookDeliveryPolicy Policy { get; } = options.DeliveryPolicy();

    public WebhookSignature Signature { get; } = signature;

    public IWebhookTransport Transport { get; } = transport;

    public TimeProvider Time { get; } = time;

    public Uri WebhookUrl { get; } = new(options.WebhookUrl);
}
