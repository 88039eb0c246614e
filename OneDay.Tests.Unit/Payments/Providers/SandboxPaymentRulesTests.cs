using OneDay.Grains.Interfaces.Payments.Providers;
using OneDay.Grains.Payments.Providers;

namespace OneDay.Tests.Unit.Payments.Providers;

public sealed class SandboxPaymentRulesTests
{
    private const string OrderId = "topup-000001";
    private const string Key = "sbx_key_1";
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Customer = Guid.NewGuid();
    private static readonly PaymentOrder Order = new(OrderId, 50_000, Customer, "Wallet top-up");

    [Theory]
    [InlineData("", 1_000)]
    [InlineData(OrderId, 0)]
    [InlineData(OrderId, -1_000)]
    public void An_order_without_an_id_or_a_positive_amount_is_refused(string orderId, long amount) =>
        Assert.Equal(ProviderRefusal.InvalidRequest,
            SandboxPaymentRules.Create(null, Order with { OrderId = orderId, AmountKrw = amount }, Now).Result.Refusal);

    [Fact]
    public void A_new_order_is_ready_and_has_no_payment_key_yet()
    {
        var step = SandboxPaymentRules.Create(null, Order, Now);

        Assert.True(step.Changed);
        Assert.Equal(ProviderPaymentStatus.Ready, step.Result.Payment!.Status);
        Assert.Null(step.Result.Payment.PaymentKey);
    }

    [Fact]
    public void The_same_order_again_answers_the_payment_unchanged_and_another_order_under_its_id_is_refused()
    {
        var ready = Ready();

        var again = SandboxPaymentRules.Create(ready, Order, Now.AddMinutes(1));
        var other = SandboxPaymentRules.Create(ready, Order with { AmountKrw = 60_000 }, Now);

        Assert.False(again.Changed);
        Assert.Equal(ready, again.Result.Payment);
        Assert.Equal(ProviderRefusal.DuplicateId, other.Result.Refusal);
    }

    [Fact]
    public void Approval_issues_the_payment_key_once()
    {
        var approved = Approved();

        var again = SandboxPaymentRules.Approve(approved, Customer, "sbx_another", Now);

        Assert.Equal(Key, approved.PaymentKey);
        Assert.Equal(ProviderPaymentStatus.Approved, approved.Status);
        Assert.False(again.Changed);
        Assert.Equal(Key, again.Result.Payment!.PaymentKey);
    }

    [Fact]
    public void Only_the_orders_customer_approves_it()
    {
        var stranger = SandboxPaymentRules.Approve(Ready(), Guid.NewGuid(), Key, Now);

        Assert.Equal(ProviderRefusal.NotFound, stranger.Result.Refusal);
        Assert.False(stranger.Changed);
    }

    [Fact]
    public void Confirming_an_approved_payment_with_its_key_order_and_amount_makes_it_done()
    {
        var step = SandboxPaymentRules.Confirm(Approved(), new ConfirmPayment(Key, OrderId, 50_000), Now.AddMinutes(2));

        Assert.True(step.Changed);
        Assert.Equal(ProviderPaymentStatus.Done, step.Result.Payment!.Status);
        Assert.Equal(Now.AddMinutes(2), step.Result.Payment.DoneAt);
    }

    [Fact]
    public void Confirming_twice_is_idempotent()
    {
        var done = SandboxPaymentRules.Confirm(Approved(), new ConfirmPayment(Key, OrderId, 50_000), Now).Result.Payment!;

        var again = SandboxPaymentRules.Confirm(done, new ConfirmPayment(Key, OrderId, 50_000), Now.AddHours(1));

        Assert.True(again.Result.IsOk);
        Assert.False(again.Changed);
        Assert.Equal(done, again.Result.Payment);
    }

    [Fact]
    public void A_confirmation_for_another_amount_is_refused_and_changes_nothing()
    {
        var step = SandboxPaymentRules.Confirm(Approved(), new ConfirmPayment(Key, OrderId, 5_000), Now);

        Assert.Equal(ProviderRefusal.AmountMismatch, step.Result.Refusal);
        Assert.False(step.Changed);
    }

    [Fact]
    public void An_unknown_payment_key_or_order_is_not_found()
    {
        Assert.Equal(ProviderRefusal.NotFound,
            SandboxPaymentRules.Confirm(Approved(), new ConfirmPayment("sbx_forged", OrderId, 50_000), Now).Result.Refusal);
        Assert.Equal(ProviderRefusal.NotFound,
            SandboxPaymentRules.Confirm(Approved(), new ConfirmPayment(Key, "topup-000002", 50_000), Now).Result.Refusal);
        Assert.Equal(ProviderRefusal.NotFound,
            SandboxPaymentRules.Confirm(null, new ConfirmPayment(Key, OrderId, 50_000), Now).Result.Refusal);
    }

    [Fact]
    public void Confirming_before_the_customer_approved_is_refused() =>
        Assert.Equal(ProviderRefusal.NotApproved,
            SandboxPaymentRules.Confirm(Ready(), new ConfirmPayment(Key, OrderId, 50_000), Now).Result.Refusal);

    [Fact]
    public void An_aborted_payment_cannot_be_confirmed()
    {
        var aborted = SandboxPaymentRules.Abort(Approved()).Result.Payment!;

        Assert.Equal(ProviderPaymentStatus.Aborted, aborted.Status);
        Assert.Equal(ProviderRefusal.InvalidState,
            SandboxPaymentRules.Confirm(aborted, new ConfirmPayment(Key, OrderId, 50_000), Now).Result.Refusal);
    }

    [Fact]
    public void Only_a_done_payment_can_be_cancelled_and_only_with_its_key()
    {
        var done = SandboxPaymentRules.Confirm(Approved(), new ConfirmPayment(Key, OrderId, 50_000), Now).Result.Payment!;

        Assert.Equal(ProviderRefusal.InvalidState, SandboxPaymentRules.Cancel(Approved(), Key).Result.Refusal);
        Assert.Equal(ProviderRefusal.NotFound, SandboxPaymentRules.Cancel(done, "sbx_forged").Result.Refusal);
        var cancelled = SandboxPaymentRules.Cancel(done, Key);
        Assert.Equal(ProviderPaymentStatus.Canceled, cancelled.Result.Payment!.Status);
        Assert.False(SandboxPaymentRules.Cancel(cancelled.Result.Payment, Key).Changed);
        Assert.Equal(ProviderRefusal.InvalidState, SandboxPaymentRules.Abort(done).Result.Refusal);
    }

    private static ProviderPayment Ready() => SandboxPaymentRules.Create(null, Order, Now).Result.Payment!;

    private static ProviderPayment Approved() => SandboxPaymentRules.Approve(Ready(), Customer, Key, Now.AddMinutes(1)).Result.Payment!;
}
