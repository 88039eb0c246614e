using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Interfaces.Payments.Providers;
using OneDay.Grains.Payments;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Payments;

/// <summary>Top-ups through the wallet grain on the two-silo test cluster, with the sandbox provider and the embedded ledger.</summary>
[Collection(ClusterCollection.Name)]
public sealed class WalletGrainTests(ClusterFixture fixture)
{
    private IGrainFactory Grains => fixture.Cluster.GrainFactory;

    private IWalletGrain Wallet(Guid userId) => Grains.Reference<IWalletGrain>(userId);

    private ISandboxPaymentGrain Checkout(Guid orderId) => Grains.Reference<ISandboxPaymentGrain>(WalletGrain.OrderKey(orderId));

    [Fact]
    public async Task A_top_up_waits_for_approval_and_once_confirmed_its_retries_move_nothing_more()
    {
        var user = Guid.NewGuid();

        var started = await Wallet(user).StartTopUp(30_000, "top-up-1");
        Assert.Equal((PaymentOutcome.Ok, TopUpStatus.AwaitingApproval, "sandbox"), (started.Outcome, started.Status, started.Provider));
        Assert.Equal(0, (await Wallet(user).Balances()).Available);
        var paymentKey = (await Checkout(started.OrderId!.Value).Approve(user)).Payment!.PaymentKey!;

        var confirmed = await Wallet(user).ConfirmTopUp(started.OrderId.Value, paymentKey, 30_000);
        var confirmedAgain = await Wallet(user).ConfirmTopUp(started.OrderId.Value, paymentKey, 30_000);
        var startedAgain = await Wallet(user).StartTopUp(30_000, "top-up-1");

        Assert.Equal((PaymentOutcome.Ok, TopUpStatus.Completed, 30_000L), (confirmed.Outcome, confirmed.Status, confirmed.AmountKrw));
        Assert.Equal(new WalletBalances(user, 30_000, 0, 0), confirmed.Wallet);
        Assert.All([confirmedAgain, startedAgain], r => Assert.Equal((TopUpStatus.Completed, started.OrderId), (r.Status, r.OrderId)));
        Assert.Equal(new WalletBalances(user, 30_000, 0, 0), await Wallet(user).Balances());
    }

    [Fact]
    public async Task Another_key_is_another_top_up()
    {
        var user = Guid.NewGuid();

        await Grains.TopUp(user, 10_000, "a");
        await Grains.TopUp(user, 5_000, "b");

        Assert.Equal(15_000, (await Wallet(user).Balances()).Available);
    }

    [Fact]
    public async Task A_key_reused_with_another_amount_is_refused_and_moves_nothing()
    {
        var user = Guid.NewGuid();
        await Wallet(user).StartTopUp(20_000, "pending");
        await Grains.TopUp(user, 10_000, "done");

        var reusedPending = await Wallet(user).StartTopUp(25_000, "pending");
        var reusedDone = await Wallet(user).StartTopUp(20_000, "done");

        Assert.Equal((PaymentOutcome.IdempotencyKeyReused, PaymentOutcome.IdempotencyKeyReused), (reusedPending.Outcome, reusedDone.Outcome));
        Assert.Equal(10_000, (await Wallet(user).Balances()).Available);
    }

    [Fact]
    public async Task Concurrent_confirmations_of_one_top_up_fund_it_once()
    {
        var user = Guid.NewGuid();
        var orderId = (await Wallet(user).StartTopUp(7_000, "once")).OrderId!.Value;
        var paymentKey = (await Checkout(orderId).Approve(user)).Payment!.PaymentKey!;

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Wallet(user).ConfirmTopUp(orderId, paymentKey, 7_000)));

        Assert.All(results, r => Assert.Equal((PaymentOutcome.Ok, orderId), (r.Outcome, r.OrderId)));
        Assert.Equal(7_000, (await Wallet(user).Balances()).Available);
    }

    [Fact]
    public async Task A_confirmation_that_does_not_match_the_approved_payment_moves_nothing()
    {
        var user = Guid.NewGuid();
        var orderId = (await Wallet(user).StartTopUp(9_000, "checked")).OrderId!.Value;

        var beforeApproval = await Wallet(user).ConfirmTopUp(orderId, "sbx_guess", 9_000);
        var paymentKey = (await Checkout(orderId).Approve(user)).Payment!.PaymentKey!;
        var otherAmount = await Wallet(user).ConfirmTopUp(orderId, paymentKey, 90_000);
        var otherKey = await Wallet(user).ConfirmTopUp(orderId, "sbx_forged", 9_000);
        var otherUser = await Wallet(Guid.NewGuid()).ConfirmTopUp(orderId, paymentKey, 9_000);
        var unknown = await Wallet(user).ConfirmTopUp(Guid.NewGuid(), paymentKey, 9_000);

        Assert.Equal(PaymentOutcome.NotApproved, beforeApproval.Outcome);
        Assert.Equal(PaymentOutcome.AmountMismatch, otherAmount.Outcome);
        Assert.All([otherKey, otherUser, unknown], r => Assert.Equal(PaymentOutcome.NotFound, r.Outcome));
        Assert.Equal(0, (await Wallet(user).Balances()).Available);
        Assert.Equal(PaymentOutcome.Ok, (await Wallet(user).ConfirmTopUp(orderId, paymentKey, 9_000)).Outcome);
    }

    [Fact]
    public async Task Only_the_customer_approves_an_order_and_a_given_up_one_is_declined()
    {
        var user = Guid.NewGuid();
        var orderId = (await Wallet(user).StartTopUp(4_000, "abandoned")).OrderId!.Value;

        var stranger = await Checkout(orderId).Approve(Guid.NewGuid());
        await Checkout(orderId).Abort();
        var restarted = await Wallet(user).StartTopUp(4_000, "abandoned");

        Assert.Equal(ProviderRefusal.NotFound, stranger.Refusal);
        Assert.Equal(PaymentOutcome.PaymentDeclined, restarted.Outcome);
        Assert.Equal(TopUpStatus.GivenUp, (await Wallet(user).TopUp(orderId)).Status);
        Assert.Equal(PaymentOutcome.NotFound, (await Wallet(Guid.NewGuid()).TopUp(orderId)).Outcome);
        Assert.Equal(0, (await Wallet(user).Balances()).Available);
    }

    [Fact]
    public async Task A_payment_confirmed_at_the_provider_but_never_recorded_is_finished_by_the_retry()
    {
        var user = Guid.NewGuid();
        var orderId = (await Wallet(user).StartTopUp(12_000, "lost")).OrderId!.Value;
        var paymentKey = (await Checkout(orderId).Approve(user)).Payment!.PaymentKey!;
        // As if the silo crashed between the provider's confirmation and the ledger's append.
        Assert.True((await Checkout(orderId).Confirm(new ConfirmPayment(paymentKey, WalletGrain.OrderKey(orderId), 12_000))).IsOk);

        var retried = await Wallet(user).StartTopUp(12_000, "lost");

        Assert.Equal((PaymentOutcome.Ok, TopUpStatus.Completed), (retried.Outcome, retried.Status));
        Assert.Equal(12_000, (await Wallet(user).Balances()).Available);
    }

    [Theory]
    [InlineData(0, "k", "amountKrw")]
    [InlineData(-1_000, "k", "amountKrw")]
    [InlineData(5_000_001, "k", "amountKrw")]
    [InlineData(1_000, " ", "Idempotency-Key")]
    public async Task A_bad_top_up_is_refused_and_moves_nothing(long amount, string key, string field)
    {
        var user = Guid.NewGuid();

        var result = await Wallet(user).StartTopUp(amount, key);

        Assert.Equal(PaymentOutcome.Invalid, result.Outcome);
        Assert.Equal(field, Assert.Single(result.Errors).Field);
        Assert.Equal(new WalletBalances(user, 0, 0, 0), await Wallet(user).Balances());
    }

    [Theory]
    [InlineData(0, "sbx_key", "amountKrw")]
    [InlineData(1_000, "", "paymentKey")]
    public async Task A_bad_confirmation_is_refused(long amount, string paymentKey, string field)
    {
        var result = await Wallet(Guid.NewGuid()).ConfirmTopUp(Guid.NewGuid(), paymentKey, amount);

        Assert.Equal(PaymentOutcome.Invalid, result.Outcome);
        Assert.Equal(field, Assert.Single(result.Errors).Field);
    }
}
