namespace OneDay.Grains.Interfaces.Payments.Providers;

/// <summary>
/// One webhook event a provider sent (key: "{provider}/{eventId}"), remembered once applied, so that a provider's
/// redelivery of it is acknowledged without being applied again.
/// </summary>
[Alias("oneday.payments.providers.IProviderWebhookEventGrain")]
public interface IProviderWebhookEventGrain : IGrainWithStringKey
{
    public const int MaxEventIdLength = 128;

    [Alias("applied")]
    Task<bool> Applied();

    [Alias("mark-applied")]
    Task MarkApplied(DateTimeOffset at);
}
