using OneDay.Api.Errors;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments.Providers;

namespace OneDay.Api.Payments.Providers;

/// <summary>
/// The gateway's part of a provider's webhook: hand the delivery, exactly as it arrived, to a silo (which holds
/// the webhook secret and applies it) and turn a refusal into its problem.
/// </summary>
public static class ProviderWebhookRequests
{
    /// <summary>Provider webhooks are small JSON documents; anything larger is not one.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    public static async Task<ProviderWebhookCheck> ReceiveAsync(IGrainFactory grains, string provider, HttpRequest request)
    {
        if (await ReadAsync(request) is not { } delivery)
        {
            return new ProviderWebhookCheck(null, Problems.Of(StatusCodes.Status413PayloadTooLarge, ProblemTypes.PayloadTooLarge,
                $"A webhook body holds at most {MaxBodyBytes} bytes."));
        }

        var verification = await grains.Reference<IProviderWebhookGrain>(provider).Receive(delivery);
        return new ProviderWebhookCheck(verification.Webhook, ProblemFor(verification));
    }

    /// <summary>The body's exact bytes (the signature covers them) and every header; null when the body is too large.</summary>
    public static async Task<ProviderWebhookDelivery?> ReadAsync(HttpRequest request)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var body = new MemoryStream();
        var buffer = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(buffer, request.HttpContext.RequestAborted)) > 0)
        {
            if (body.Length + read > MaxBodyBytes)
            {
                return null;
            }

            body.Write(buffer, 0, read);
        }

        return ProviderWebhookDelivery.From(body.ToArray(), request.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString())));
    }

    /// <summary>Null for a verified webhook; 401 when its signature is bad or stale, 400 when a signed body is no webhook.</summary>
    public static IResult? ProblemFor(WebhookVerification verification) => verification.Refusal switch
    {
        WebhookRefusal.None => null,
        WebhookRefusal.MalformedBody => Problems.Of(StatusCodes.Status400BadRequest, ProblemTypes.BadRequest,
            "The webhook could not be read.", verification.Detail),
        _ => Problems.Of(StatusCodes.Status401Unauthorized, ProblemTypes.Unauthorized,
            "The webhook's signature is missing, wrong or stale.", verification.Detail),
    };
}

/// <param name="Webhook">The verified webhook, when <paramref name="Problem"/> is null.</param>
/// <param name="Problem">What to answer instead.</param>
public sealed record ProviderWebhookCheck(ProviderWebhook? Webhook, IResult? Problem);
