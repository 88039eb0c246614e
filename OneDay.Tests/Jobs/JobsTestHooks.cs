using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;
using OneDay.Grains.Jobs;

namespace OneDay.Tests.Jobs;

/// <summary>
/// What the test silos use instead of the production defaults: a fake job clock the tests move forward,
/// saga timings on that clock, and the saga's fault injection. Shared by both in-process silos.
/// </summary>
public static class JobsTestHooks
{
    public static FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public static JobClock Clock { get; } = new(Time);

    private static JobClock SystemClock { get; } = new(TimeProvider.System);

    public const string SagaStepTimeoutSetting = "Tests:Jobs:SagaStepTimeoutMs";

    /// <summary>A cluster that must not see job time jump when other tests move it on runs on the system clock.</summary>
    public const string SystemClockSetting = "Tests:Jobs:SystemClock";

    public static JobClock ClockFor(IConfiguration configuration) =>
        bool.TryParse(configuration[SystemClockSetting], out var system) && system ? SystemClock : Clock;

    /// <summary>
    /// Saga timings on the fake job clock: short steps, so a test moves job time on by seconds, and real-time
    /// ticks (timer, reminder) too rare to fire within a test, so re-drives happen when the test asks for them
    /// (<see cref="SagaProbe"/>) and never because a test waited.
    /// </summary>
    public static JobOptions Options { get; } = new()
    {
        SagaStepTimeout = TimeSpan.FromSeconds(1),
        SagaCheckPeriod = TimeSpan.FromHours(1),
        SagaReminderPeriod = TimeSpan.FromMinutes(1),
        SagaMaxRedrives = SagaMaxRedrives,
        SagaMaxRedriveDelay = TimeSpan.FromSeconds(4),
    };

    /// <summary>
    /// The fake-clock timings, or on the system clock (a cluster whose silos die mid-saga) short real-time ticks,
    /// since there only the timer and the reminder can resume a saga; that cluster may set its own step timeout.
    /// </summary>
    public static JobOptions OptionsFor(IConfiguration configuration) => ClockFor(configuration) == Clock
        ? Options
        : new()
        {
            SagaStepTimeout = TimeSpan.FromMilliseconds(int.TryParse(configuration[SagaStepTimeoutSetting], out var ms) ? ms : 1000),
            SagaReminderPeriod = TimeSpan.FromSeconds(2),
            SagaMaxRedrives = SagaMaxRedrives,
            SagaMaxRedriveDelay = TimeSpan.FromSeconds(4),
        };

    public const int SagaMaxRedrives = 3;

    public static SagaFaults Faults { get; } = new();

    /// <summary>Job time now. Tests place shifts relative to this, never to the wall clock.</summary>
    public static DateTimeOffset Now => Time.GetUtcNow();
}
