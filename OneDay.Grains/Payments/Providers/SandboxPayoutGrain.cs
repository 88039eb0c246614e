using Microsoft.Extensions.Logging;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments.Providers;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Payments.Providers;

[GenerateSerializer, Alias("oneday.payments.providers.sandbox-payout-state")]
public sealed class SandboxPayoutState : SandboxRecordState
{
    [Id(0)]
    public ProviderPayout? Payout { get; set; }

    /// <summary>The request as first taken, so a retry with other contents is told apart from a repeat.</summary>
    [Id(1)]
    public PayoutRequest? Request { get; set; }
}

[DomainPlacement(Domains.Payments)]
public sealed class SandboxPayoutGrain(
    [PersistentState("sandbox-payout", Domains.Payments)] IPersistentState<SandboxPayoutState> state,
    SandboxPsp psp,
    ILogger<SandboxPayoutGrain> logger)
    : SandboxRecordGrain<SandboxPayoutState>(state, psp, logger), ISandboxPayoutGrain
{
    protected override DateTimeOffset? Deadline => Record.Payout is { Status: ProviderPayoutStatus.Requested } payout
        ? payout.RequestedAt + TimeSpan.FromSeconds(Psp.Options.PayoutSeconds)
        : null;

    public async Task<PayoutResult> Request(PayoutRequest request)
    {
        if (request.PayoutId != this.GetPrimaryKeyString())
        {
            return PayoutResult.Refused(ProviderRefusal.InvalidRequest, "The payout id is not this payout's.");
        }

        var (result, changed) = SandboxPayoutRules.Request(Record.Payout, Record.Request, request, Now);
        if (changed)
        {
            Record.Payout = result.Payout;
            Record.Request = request;
            await SaveAsync();
        }

        return result;
    }

    public Task<PayoutResult> Get() => Task.FromResult(Record.Payout is { } payout
        ? PayoutResult.Ok(payout)
        : PayoutResult.Refused(ProviderRefusal.NotFound, "No payout has this id."));

    protected override bool OnDeadline()
    {
        if (Record is not { Payout: { Status: ProviderPayoutStatus.Requested } payout, Request: { } request })
        {
            return false;
        }

        Record.Payout = SandboxPayoutRules.Finish(payout, request.Account, Now);
        var (webhook, entry) = SandboxEvents.PayoutFinished(Record.Payout, Now, Psp.Options.PayoutFeeKrw);
        Announce(webhook, entry);
        return true;
    }
}
