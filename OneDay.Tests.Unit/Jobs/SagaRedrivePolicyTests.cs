using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Jobs;
using OneDay.Grains.Jobs.Saga;

namespace OneDay.Tests.Unit.Jobs;

public sealed class SagaRedrivePolicyTests
{
    private static readonly JobOptions Options = new() { SagaStepTimeout = TimeSpan.FromSeconds(5), SagaMaxRedriveDelay = TimeSpan.FromMinutes(10) };
    private static readonly DateTimeOffset At = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 5)]
    [InlineData(1, 10)]
    [InlineData(3, 40)]
    [InlineData(6, 320)]
    [InlineData(7, 600)]
    [InlineData(60, 600)]
    public void A_later_step_backs_off_exponentially_up_to_the_maximum_delay(int redrives, int seconds)
    {
        Assert.Equal(At.AddSeconds(seconds), SagaRedrivePolicy.NextRedriveAt(At, businessDone: true, redrives, Options));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    public void A_business_step_is_driven_again_at_the_step_timeout_however_often_it_failed(int redrives)
    {
        Assert.Equal(At.AddSeconds(5), SagaRedrivePolicy.NextRedriveAt(At, businessDone: false, redrives, Options));
    }

    [Fact]
    public void The_business_steps_are_done_once_the_schedule_step_is()
    {
        Assert.False(SagaRedrivePolicy.BusinessDone([SagaStep.JobRecorded]));
        Assert.False(SagaRedrivePolicy.BusinessDone([SagaStep.JobRecorded, SagaStep.EmployerNotified]));
        Assert.True(SagaRedrivePolicy.BusinessDone([SagaStep.JobRecorded, SagaStep.ScheduleUpdated]));
    }

    [Fact]
    public void The_saga_timer_asks_at_half_the_step_timeout_unless_told_otherwise()
    {
        Assert.Equal(TimeSpan.FromSeconds(2.5), Options.SagaCheckPeriod);
        Assert.Equal(TimeSpan.FromHours(1), new JobOptions { SagaStepTimeout = TimeSpan.FromSeconds(5), SagaCheckPeriod = TimeSpan.FromHours(1) }.SagaCheckPeriod);
    }
}
