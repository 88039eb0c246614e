using OneDay.Grains.Interfaces.Payments.Providers;
using OneDay.Grains.Payments.Providers;

namespace OneDay.Tests.Unit.Payments.Providers;

public sealed class SandboxPayoutRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly PayoutRequest Request = new("payout-000001", new BankAccount("088", "110222333444", "Kim"), 80_000);

    [Fact]
    public void A_payout_is_requested_then_completes()
    {
        var (result, changed) = SandboxPayoutRules.Request(null, null, Request, Now);

        Assert.True(changed);
        Assert.Equal(ProviderPayoutStatus.Requested, result.Payout!.Status);
        var finished = SandboxPayoutRules.Finish(result.Payout, Request.Account, Now.AddSeconds(1));
        Assert.Equal(ProviderPayoutStatus.Completed, finished.Status);
        Assert.Equal(Now.AddSeconds(1), finished.FinishedAt);
    }

    [Fact]
    public void A_payout_to_a_failing_test_account_fails()
    {
        var requested = SandboxPayoutRules.Request(null, null, Request, Now).Result.Payout!;

        var finished = SandboxPayoutRules.Finish(requested, Request.Account with { AccountNumber = "999000111" }, Now);

        Assert.Equal(ProviderPayoutStatus.Failed, finished.Status);
    }

    [Fact]
    public void The_same_request_again_is_idempotent_and_another_under_its_id_is_refused()
    {
        var requested = SandboxPayoutRules.Request(null, null, Request, Now).Result.Payout!;

        var again = SandboxPayoutRules.Request(requested, Request, Request with { Account = Request.Account with { } }, Now);
        var other = SandboxPayoutRules.Request(requested, Request, Request with { AmountKrw = 1 }, Now);

        Assert.Equal((PayoutResult.Ok(requested), false), again);
        Assert.Equal(ProviderRefusal.DuplicateId, other.Result.Refusal);
    }

    [Theory]
    [InlineData("", "088", "1102", 1)]
    [InlineData("payout-1", "", "1102", 1)]
    [InlineData("payout-1", "088", " ", 1)]
    [InlineData("payout-1", "088", "1102", 0)]
    public void An_incomplete_request_is_refused(string id, string bank, string account, long amount) =>
        Assert.Equal(ProviderRefusal.InvalidRequest, SandboxPayoutRules.Request(
            null, null, new PayoutRequest(id, new BankAccount(bank, account, "Kim"), amount), Now).Result.Refusal);

    [Theory]
    [InlineData("110-222-333444", true)]
    [InlineData("999000111", true)] // exists; its payouts fail
    [InlineData("000123456", false)]
    [InlineData("000-123-456", false)]
    public void The_account_holder_inquiry_knows_every_account_but_the_unknown_ones(string number, bool exists)
    {
        Assert.Equal(exists, SandboxPayoutRules.VerifyAccount(new BankAccount("088", number, "Kim")) is null);
    }
}
