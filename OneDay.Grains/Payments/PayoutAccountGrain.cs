using OneDay.Grains.Interfaces;
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
}

[DomainPlacement(Domains.Payments)]
public sealed class PayoutAccountGrain(
    [PersistentState("payout-account", Domains.Payments)] IPersistentState<PayoutAccountState> state,
    IPaymentProvider provider) : Grain, IPayoutAccountGrain
{
    public Task<BankAccount?> Get() => Task.FromResult(state.State.Account);

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
