using Microsoft.Extensions.Configuration;
using OneDay.Hosting;
using OneDay.Silo.Hosting;

namespace OneDay.Tests.Unit.Payments;

/// <summary>The OneDay:Payments keys are bound once, with the silo's other keys, and checked at start.</summary>
public sealed class PaymentConfigurationTests
{
    private static SiloSettings Read(Dictionary<string, string?> values) =>
        SiloSettings.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), new OneDayOptions());

    [Fact]
    public void Defaults_are_the_korean_daily_worker_rule_and_a_ten_percent_fee()
    {
        var payments = Read([]).Payments;

        Assert.Equal(1_000, payments.PlatformFeeBasisPoints);
        Assert.Equal((150_000L, 600, 5_500, 1_000, 1_000L), (payments.Withholding.DailyDeductionKrw, payments.Withholding.RateBasisPoints,
            payments.Withholding.CreditBasisPoints, payments.Withholding.LocalTaxBasisPoints, payments.Withholding.MinimumTaxKrw));
    }

    [Fact]
    public void Settings_are_read_from_the_payments_section()
    {
        var payments = Read(new()
        {
            ["OneDay:Payments:MaxTopUpKrw"] = "300000",
            ["OneDay:Payments:Withholding:DailyDeductionKrw"] = "100000",
        }).Payments;

        Assert.Equal((300_000L, 100_000L), (payments.MaxTopUpKrw, payments.Withholding.DailyDeductionKrw));
    }

    [Theory]
    [InlineData("OneDay:Payments:MaxTopUpKrw", "0")]
    [InlineData("OneDay:Payments:PlatformFeeBasisPoints", "10001")]
    [InlineData("OneDay:Payments:Withholding:RateBasisPoints", "5001")]
    [InlineData("OneDay:Payments:Withholding:MinimumTaxKrw", "-1")]
    [InlineData("OneDay:Payments:MaxMovementKrw", "1.5")]
    public void A_value_out_of_range_stops_the_start(string key, string value)
    {
        var error = Assert.Throws<OneDayConfigurationException>(() => Read(new() { [key] = value }));

        Assert.Contains(key.Split(':')[^2], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_top_up_cap_above_the_movement_cap_stops_the_start()
    {
        var error = Assert.Throws<OneDayConfigurationException>(() => Read(new()
        {
            ["OneDay:Payments:MaxTopUpKrw"] = "2000", ["OneDay:Payments:MaxMovementKrw"] = "1000",
        }));

        Assert.Contains("MaxTopUpKrw must not exceed", error.Message, StringComparison.Ordinal);
    }
}
