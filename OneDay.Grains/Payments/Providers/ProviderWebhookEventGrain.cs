using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments.Providers;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Payments.Providers;

[GenerateSerializer, Alias("oneday.payments.providers.webhook-event-state")]
public sealed class ProviderWebhookEventState
{
    [Id(0)] public DateTimeOffset? AppliedAt { get; set; }
}

/// <summary>
/// A provider's webhook event, by its id. Only verified (signed) events reach it, so its keys come from the
/// provider, never from whoever can reach the endpoint.
/// </summary>
[DomainPlacement(Domains.Payments)]
public sealed class ProviderWebhookEventGrain(
    [PersistentState("webhook-event", Domains.Payments)] IPersistentState<ProviderWebhookEventState> state) : Grain, IProviderWebhookEventGrain
{
    public Task<bool> Applied() => Task.FromResult(state.State.AppliedAt is not null);

    public async Task MarkApplied(DateTimeOffset at)
    {
        if (state.State.AppliedAt is null)
        {
            state.State.AppliedAt = at;
            await state.WriteStateAsync();
        }
    }
}
