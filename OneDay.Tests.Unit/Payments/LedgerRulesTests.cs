using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Payments;

namespace OneDay.Tests.Unit.Payments;

public sealed class LedgerRulesTests
{
    private const long Max = 1_000_000_000;
    private static readonly Guid Employer = Guid.NewGuid();
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 9, 0, 0, TimeSpan.Zero);

    private static LedgerTransaction Transaction(params Posting[] postings) =>
        new(Guid.NewGuid(), LedgerTransactionKind.TopUp, postings, Now, "top-up/test");

    private static string[] Fields(LedgerTransaction transaction) => [.. LedgerRules.Validate(transaction, Max).Select(e => e.Field)];

    [Fact]
    public void A_top_up_balances() => Assert.Empty(Fields(Transaction(PaymentRules.TopUpPostings(Employer, 10_000))));

    [Theory]
    [InlineData(0, "A positive whole number of KRW.")]
    [InlineData(-5, "A positive whole number of KRW.")]
    [InlineData(long.MinValue, "A positive whole number of KRW.")]
    [InlineData(5_000_001, "At most 5000000 KRW.")]
    public void Amounts_are_positive_and_capped(long amount, string message)
    {
        var error = Assert.Single(LedgerRules.ValidateAmount(amount, 5_000_000));

        Assert.Equal(("amountKrw", message), (error.Field, error.Message));
    }

    [Fact]
    public void An_amount_at_the_cap_is_accepted() => Assert.Empty(LedgerRules.ValidateAmount(5_000_000, 5_000_000));

    [Fact]
    public void Postings_must_sum_to_zero() =>
        Assert.Equal(["postings"], Fields(Transaction(
            new Posting(LedgerAccount.ProviderClearing, -100), new Posting(LedgerAccount.EmployerAvailable(Employer), 99))));

    [Fact]
    public void A_transaction_has_at_least_two_postings()
    {
        Assert.Equal(["postings"], Fields(Transaction(new Posting(LedgerAccount.ProviderClearing, 0))));
        Assert.Equal(["postings"], Fields(Transaction()));
    }

    [Fact]
    public void A_zero_posting_is_refused() =>
        Assert.Equal(["postings[2].amount"], Fields(Transaction([.. PaymentRules.TopUpPostings(Employer, 10), new Posting(LedgerAccount.PlatformRevenue, 0)])));

    [Fact]
    public void Postings_beyond_the_movement_cap_are_refused_before_they_could_overflow()
    {
        var fields = Fields(Transaction(
            new Posting(LedgerAccount.ProviderClearing, long.MinValue), new Posting(LedgerAccount.EmployerAvailable(Employer), long.MaxValue),
            new Posting(LedgerAccount.PlatformRevenue, 1)));

        Assert.Equal(["postings[0].amount", "postings[1].amount"], fields);
    }

    [Fact]
    public void An_account_is_named_once_per_transaction() =>
        Assert.Equal(["postings"], Fields(Transaction(
            new Posting(LedgerAccount.EmployerAvailable(Employer), -5), new Posting(LedgerAccount.EmployerAvailable(Employer), 5))));

    [Fact]
    public void Accounts_must_be_well_formed()
    {
        var fields = Fields(Transaction(
            new Posting(new LedgerAccount(LedgerAccountKind.PlatformRevenue, Employer, Guid.Empty), -5),
            new Posting(new LedgerAccount(LedgerAccountKind.Escrow, Employer, Guid.Empty), 3),
            new Posting(new LedgerAccount(LedgerAccountKind.WorkerAvailable, Guid.Empty, Guid.Empty), 1),
            new Posting(new LedgerAccount((LedgerAccountKind)99, Employer, Guid.Empty), 1)));

        Assert.Equal(["postings[0].account", "postings[1].account", "postings[2].account", "postings[3].account"], fields);
    }

    [Fact]
    public void Revenue_and_tax_payable_may_name_one_of_their_shards_and_nothing_else()
    {
        var shard = LedgerAccount.PlatformRevenueFor(Guid.NewGuid());

        Assert.True(shard.IsWellFormed);
        Assert.True(LedgerAccount.TaxPayableFor(Guid.NewGuid()).IsWellFormed);
        Assert.False((shard with { Assignment = Guid.NewGuid() }).IsWellFormed);
        Assert.False((shard with { Kind = LedgerAccountKind.ProviderClearing }).IsWellFormed);
    }

    [Fact]
    public void Settlements_spread_their_fees_over_the_revenue_shards()
    {
        var employer = Guid.NewGuid();
        var shards = Enumerable.Range(0, 400)
            .Select(_ => PaymentRules.SettlementPostings(employer, Guid.NewGuid(), Guid.NewGuid(), PaymentRules.Split(new ShiftCharge(200_000, 20_000), new WithholdingOptions())))
            .Select(postings => postings.Single(p => p.Account.Kind == LedgerAccountKind.PlatformRevenue).Account)
            .Distinct()
            .ToList();

        // 400 random assignments land on every one of the 16 shards (a miss has odds of about 16 x (15/16)^400).
        Assert.Equal(LedgerAccount.PlatformShards, shards.Count);
        Assert.All(shards, s => Assert.True(s.IsWellFormed));
    }

    [Fact]
    public void A_transaction_needs_an_id_a_kind_and_a_reference()
    {
        var fields = Fields(Transaction(PaymentRules.TopUpPostings(Employer, 10)) with
        {
            TransactionId = Guid.Empty, Kind = (LedgerTransactionKind)42, Reference = " ",
        });

        Assert.Equal(["transactionId", "kind", "reference"], fields);
    }

    [Fact]
    public void Only_provider_clearing_may_be_overdrawn()
    {
        var balances = new Dictionary<LedgerAccount, long> { [LedgerAccount.EmployerAvailable(Employer)] = 50 };
        long Balance(LedgerAccount account) => balances.GetValueOrDefault(account);

        Assert.Null(LedgerRules.FirstOverdrawn(PaymentRules.TopUpPostings(Employer, 1_000), Balance));
        Assert.Equal(
            LedgerAccount.EmployerAvailable(Employer),
            LedgerRules.FirstOverdrawn(PaymentRules.HoldPostings(Employer, Guid.NewGuid(), new ShiftCharge(50, 1)), Balance));
        Assert.Null(LedgerRules.FirstOverdrawn(PaymentRules.HoldPostings(Employer, Guid.NewGuid(), new ShiftCharge(50, 0)), Balance));
    }

    [Fact]
    public void A_retry_is_the_same_content_at_another_time_and_in_any_order()
    {
        var first = Transaction(PaymentRules.TopUpPostings(Employer, 10));
        var retry = first with { OccurredAt = Now.AddMinutes(5), Postings = [.. first.Postings.Reverse()] };

        Assert.True(first.SameContentAs(retry));
        Assert.False(first.SameContentAs(first with { Postings = PaymentRules.TopUpPostings(Employer, 11) }));
        Assert.False(first.SameContentAs(first with { Reference = "top-up/other" }));
        Assert.False(first.SameContentAs(first with { Kind = LedgerTransactionKind.Adjustment }));
    }

    [Fact]
    public void A_transaction_id_is_named_by_its_scope_and_key()
    {
        Assert.Equal(LedgerRules.TransactionId("top-up/a", "k1"), LedgerRules.TransactionId("top-up/a", "k1"));
        Assert.NotEqual(LedgerRules.TransactionId("top-up/a", "k1"), LedgerRules.TransactionId("top-up/b", "k1"));
    }

    [Fact]
    public void Kinds_are_named_in_kebab_case_and_parsed_back()
    {
        Assert.Equal("employer-available", LedgerAccount.EmployerAvailable(Employer).KindName);
        Assert.Equal("worker-pending-payout", LedgerNames.Of(LedgerAccountKind.WorkerPendingPayout));
        Assert.Equal("top-up", LedgerNames.Of(LedgerTransactionKind.TopUp));
        foreach (var kind in Enum.GetValues<LedgerAccountKind>())
        {
            Assert.Equal(kind, LedgerNames.Parse<LedgerAccountKind>(LedgerNames.Of(kind)));
        }

        foreach (var kind in Enum.GetValues<LedgerTransactionKind>())
        {
            Assert.Equal(kind, LedgerNames.Parse<LedgerTransactionKind>(LedgerNames.Of(kind)));
        }

        Assert.Throws<FormatException>(() => LedgerNames.Parse<LedgerAccountKind>("savings"));
    }

    [Fact]
    public void A_wallet_adds_up_its_owners_accounts()
    {
        var other = Guid.NewGuid();
        LedgerBalance[] balances =
        [
            new(LedgerAccount.EmployerAvailable(Employer), 100), new(LedgerAccount.WorkerAvailable(Employer), 7),
            new(LedgerAccount.EmployerHeld(Employer), 3), new(LedgerAccount.Escrow(Employer, Guid.NewGuid()), 20),
            new(LedgerAccount.Escrow(Employer, Guid.NewGuid()), 30), new(LedgerAccount.WorkerPendingPayout(Employer), 9),
            new(LedgerAccount.EmployerAvailable(other), 1_000), new(LedgerAccount.PlatformRevenue, 5),
        ];

        Assert.Equal(new WalletBalances(Employer, 107, 53, 9), WalletBalances.From(Employer, balances));
    }
}
