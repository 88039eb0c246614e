using OneDay.Grains.Eventing;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Diagnostics;
using OneDay.Grains.Interfaces.Eventing;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Interfaces.Payments.Providers;
using OneDay.Grains.Payments.Providers;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Payments;

[GenerateSerializer, Alias("oneday.payments.payout-account-state")]
public sealed class PayoutAccountState
{
    [Id(0)]
    public BankAccount? Account { get; set; }

    /// <summary>Completed payouts not yet sent to the event stream and store; empty between payouts.</summary>
    [Id(1)]
    public EventOutbox Outbox { get; set; } = new();
}

[DomainPlacement(Domains.Payments)]
public sealed class PayoutAccountGrain(
    [PersistentState("payout-account", Domains.Payments)] IPersistentState<PayoutAccountState> state,
    IPaymentProvider provider) : Grain, IPayoutAccountGrain
{
    private OutboxSender? _events;

    private OutboxSender Events => _events ??= this.BackgroundPublisher(() => state.State.Outbox);

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _ = Events.SendAsync();
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) =>
        _events?.DrainAsync(cancellationToken) ?? Task.CompletedTask;

    public Task<BankAccount?> Get() => Task.FromResult(state.State.Account);

    public async Task PayoutCompleted(Guid payoutId, Guid completion, long amountKrw, DateTimeOffset at)
    {
        if (state.State.Outbox.Pending.All(e => e.EventId != completion))
        {
            // The completion's id is the event's: told again, it is the same event, which the store and consumers take once.
            var worker = this.GetPrimaryKey();
            state.State.Outbox.Add(DomainEvent.Create(new PayoutCompleted(worker, payoutId, amountKrw), worker.ToString(), at, CorrelationContext.Current)
                with { EventId = completion });
            await state.WriteStateAsync();
        }

        await Events.SendAsync();
    }

    public async Task<BankAccountResult> Register(BankAccount account)
    {
        if (PayoutRules.Validate(account) is { Count: > 0 } errors)
        {
            return new BankAccountResult(PaymentOutcome.Invalid, null, [.. errors]);
        }

        var normalized = account with { HolderName = account.HolderName.Trim() };
        if (normalized != state.State.Account)
        {
            // Only an account the bank confirmed is kept, so every payout goes to one that exists.
            if (await provider.VerifyBankAccountAsync(normalized) is { } refusal)
            {
                return new BankAccountResult(PaymentOutcome.BankAccountUnverified, null, [new FieldError("accountNumber", refusal)]);
            }

            state.State.Account = normalized;
            await state.WriteStateAsync();
        }

        return new BankAccountResult(PaymentOutcome.Ok, normalized, []);
    }
}
