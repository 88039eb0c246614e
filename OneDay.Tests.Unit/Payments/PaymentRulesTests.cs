using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Payments;

namespace OneDay.Tests.Unit.Payments;

public sealed class PaymentRulesTests
{
    private static readonly PaymentOptions Options = new();

    private static WithholdingOptions Korea => new();

    [Theory]
    [InlineData(200_000, 1_350, 135)] // 50,000 x 6% = 3,000, less 55% = 1,350; local 10% = 135
    [InlineData(250_000, 2_700, 270)] // 100,000 x 6% = 6,000, less 3,300 = 2,700
    [InlineData(187_038, 1_000, 100)] // 37,038 x 6% = 2,222 (rounded down), less 1,222 = 1,000: exactly the minimum
    [InlineData(187_000, 0, 0)]       // 37,000 x 6% = 2,220, less 1,221 = 999: under the minimum
    [InlineData(160_000, 0, 0)]       // 600 - 330 = 270, under 1,000
    [InlineData(150_000, 0, 0)]       // nothing above the daily deduction
    [InlineData(90_000, 0, 0)]
    [InlineData(1_000_000, 22_950, 2_295)] // 850,000 x 6% = 51,000, less 28,050
    public void Daily_worker_withholding_follows_the_korean_rule(long wage, long national, long local)
    {
        var tax = PaymentRules.Withholding(wage, Korea);

        Assert.Equal((national, local), (tax.National, tax.Local));
    }

    [Fact]
    public void A_national_tax_just_under_the_minimum_withholds_nothing_at_all()
    {
        // 37,017 x 6% = 2,221 (rounded down), less 55% (1,221) = 1,000; one won less: 2,220 - 1,221 = 999.
        Assert.Equal(1_000, PaymentRules.Withholding(187_017, Korea).National);
        Assert.Equal(WithheldTax.None, PaymentRules.Withholding(187_016, Korea));
    }

    [Fact]
    public void Withholding_is_configurable()
    {
        var options = new WithholdingOptions
        {
            DailyDeductionKrw = 100_000, RateBasisPoints = 1_000, CreditBasisPoints = 0, LocalTaxBasisPoints = 500, MinimumTaxKrw = 0,
        };

        var tax = PaymentRules.Withholding(160_000, options);

        Assert.Equal((6_000L, 300L), (tax.National, tax.Local));
    }

    [Fact]
    public void The_largest_wage_the_ledger_moves_is_taxed_without_overflow()
    {
        var tax = PaymentRules.Withholding(long.MaxValue, Korea);

        Assert.True(tax.Total > 0 && tax.Total < long.MaxValue);
    }

    [Theory]
    [InlineData(12_000, PayKind.PerHour, 240, 48_000, 4_800)]    // 4 hours
    [InlineData(10_030, PayKind.PerHour, 90, 15_045, 1_504)]     // 1.5 hours; fee 1,504.5 rounds down
    [InlineData(10_031, PayKind.PerHour, 20, 3_344, 334)]        // 20 minutes: 3,343.67 rounds up for the worker
    [InlineData(100_000, PayKind.PerShift, 480, 100_000, 10_000)] // per shift: the length does not matter
    public void Escrow_holds_the_wage_for_the_shift_and_the_fee_on_it(long amount, PayKind kind, int minutes, long wage, long fee)
    {
        var (charge, errors) = PaymentRules.ChargeFor(new JobPay(amount, kind), TimeSpan.FromMinutes(minutes), Options);

        Assert.Empty(errors);
        Assert.Equal(new ShiftCharge(wage, fee), charge);
        Assert.Equal(wage + fee, charge!.Total);
    }

    [Fact]
    public void The_platform_fee_is_configurable()
    {
        var (charge, _) = PaymentRules.ChargeFor(new JobPay(50_000, PayKind.PerShift), TimeSpan.FromHours(5), new PaymentOptions { PlatformFeeBasisPoints = 250 });

        Assert.Equal(new ShiftCharge(50_000, 1_250), charge);
    }

    [Theory]
    [InlineData(0, PayKind.PerHour, 60)]
    [InlineData(-1, PayKind.PerShift, 60)]
    [InlineData(10_000, PayKind.PerHour, 0)]
    [InlineData(10_000, (PayKind)7, 60)]
    [InlineData(long.MaxValue, PayKind.PerHour, 600)]   // overflows a long: refused, not wrapped
    [InlineData(long.MaxValue, PayKind.PerShift, 60)]
    [InlineData(950_000_000, PayKind.PerShift, 60)]      // with the fee above the 1,000,000,000 cap
    public void A_charge_that_is_not_a_movable_amount_is_refused(long amount, PayKind kind, int minutes)
    {
        var (charge, errors) = PaymentRules.ChargeFor(new JobPay(amount, kind), TimeSpan.FromMinutes(minutes), Options);

        Assert.Null(charge);
        Assert.Equal("pay", Assert.Single(errors).Field);
    }

    [Fact]
    public void Settlement_pays_net_to_the_worker_the_fee_to_revenue_and_the_withholding_to_tax()
    {
        var split = PaymentRules.Split(new ShiftCharge(200_000, 20_000), Korea);

        Assert.Equal(new SettlementSplit(198_515, 20_000, new WithheldTax(1_350, 135)), split);
        Assert.Equal(220_000, split.Total);
    }

    [Fact]
    public void Settlement_postings_empty_the_escrow_and_balance()
    {
        Guid employer = Guid.NewGuid(), worker = Guid.NewGuid(), assignment = Assignments.Id(Guid.NewGuid(), worker, 1);
        var split = PaymentRules.Split(new ShiftCharge(200_000, 20_000), Korea);

        var postings = PaymentRules.SettlementPostings(employer, assignment, worker, split);

        Assert.Equal(0, postings.Sum(p => p.Amount));
        Assert.Equal(-220_000, postings.Single(p => p.Account.Kind == LedgerAccountKind.Escrow).Amount);
        Assert.Equal(4, postings.Length);
    }

    [Fact]
    public void A_settlement_without_withholding_or_fee_has_no_zero_postings()
    {
        var split = PaymentRules.Split(new ShiftCharge(100_000, 0), Korea);

        var postings = PaymentRules.SettlementPostings(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), split);

        Assert.Equal(2, postings.Length);
        Assert.DoesNotContain(postings, p => p.Amount == 0);
    }

    [Fact]
    public void An_assignment_is_named_by_its_job_worker_and_acceptance()
    {
        Guid job = Guid.NewGuid(), worker = Guid.NewGuid();

        Assert.Equal(Assignments.Id(job, worker, 3), Assignments.Id(job, worker, 3));
        Assert.NotEqual(Assignments.Id(job, worker, 3), Assignments.Id(worker, job, 3));
        Assert.NotEqual(Assignments.Id(job, worker, 3), Assignments.Id(job, worker, 4));
    }
}
