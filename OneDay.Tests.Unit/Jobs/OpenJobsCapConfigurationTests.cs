using Microsoft.Extensions.Configuration;
using OneDay.Grains.Jobs;

namespace OneDay.Tests.Unit.Jobs;

/// <summary>How the open jobs cap is read; OneDay.Tests holds an employer to it through the gateway.</summary>
public sealed class OpenJobsCapConfigurationTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("many")]
    public void A_cap_that_is_not_a_positive_whole_number_stops_the_start(string value)
    {
        var section = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["MaxOpenJobsPerEmployer"] = value }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => JobOptions.Read(section));
        Assert.Contains("OneDay:Jobs:MaxOpenJobsPerEmployer", error.Message);
    }

    [Fact]
    public void The_cap_defaults_to_200_and_is_read_from_configuration()
    {
        var empty = new ConfigurationBuilder().Build();
        Assert.Equal(200, JobOptions.Read(empty).MaxOpenJobsPerEmployer);
        var section = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["MaxOpenJobsPerEmployer"] = "5", ["MinimumHourlyWageKrw"] = "12000" }).Build();
        var options = JobOptions.Read(section);
        Assert.Equal(5, options.MaxOpenJobsPerEmployer);
        Assert.Equal(12_000, options.MinimumHourlyWageKrw);
    }
}
