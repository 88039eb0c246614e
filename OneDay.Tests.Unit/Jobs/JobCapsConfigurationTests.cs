using Microsoft.Extensions.Configuration;
using OneDay.Grains.Jobs;

namespace OneDay.Tests.Unit.Jobs;

/// <summary>How the open-jobs and applicants caps are read; OneDay.Tests holds employers and workers to them through the gateway.</summary>
public sealed class JobCapsConfigurationTests
{
    [Theory]
    [InlineData("MaxOpenJobsPerEmployer", "0")]
    [InlineData("MaxOpenJobsPerEmployer", "-5")]
    [InlineData("MaxOpenJobsPerEmployer", "many")]
    [InlineData("MaxApplicantsPerJob", "0")]
    [InlineData("MaxApplicantsPerJob", "1e3")]
    public void A_cap_that_is_not_a_positive_whole_number_stops_the_start(string setting, string value)
    {
        var section = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [setting] = value }).Build();
        var error = Assert.Throws<InvalidOperationException>(() => JobOptions.Read(section));
        Assert.Contains("OneDay:Jobs:" + setting, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_caps_default_to_200_open_jobs_and_500_applicants_and_are_read_from_configuration()
    {
        var defaults = JobOptions.Read(new ConfigurationBuilder().Build());
        Assert.Equal((200, 500), (defaults.MaxOpenJobsPerEmployer, defaults.MaxApplicantsPerJob));
        var section = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MaxOpenJobsPerEmployer"] = "5",
            ["MaxApplicantsPerJob"] = "40",
            ["MinimumHourlyWageKrw"] = "12000",
        }).Build();
        var options = JobOptions.Read(section);
        Assert.Equal((5, 40, 12_000L), (options.MaxOpenJobsPerEmployer, options.MaxApplicantsPerJob, options.MinimumHourlyWageKrw));
    }
}
