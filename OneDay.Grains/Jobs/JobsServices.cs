using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace OneDay.Grains.Jobs;

/// <summary>
/// The clock the jobs and schedule grains read. Its own type (not TimeProvider itself) so tests can drive
/// job time with a fake clock without freezing the clocks Orleans uses internally.
/// </summary>
public sealed class JobClock(TimeProvider time)
{
    public static JobClock System { get; } = new(TimeProvider.System);

    public TimeProvider Time { get; } = time;

    public DateTimeOffset UtcNow => Time.GetUtcNow();
}

/// <summary>Rules that differ by deployment. Section OneDay:Jobs.</summary>
public sealed class JobOptions
{
    public const long DefaultMinimumHourlyWageKrw = 10_030;

    /// <summary>The statutory minimum wage; pay below it (per hour, or per shift spread over its hours) is refused.</summary>
    public long MinimumHourlyWageKrw { get; init; } = DefaultMinimumHourlyWageKrw;

    /// <summary>How long after the start an accepted worker may still check in before counting as a no-show.</summary>
    public TimeSpan NoShowGrace { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How early before the start a worker may check in.</summary>
    public TimeSpan EarlyCheckIn { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a saga may stay unfinished before the saga grain drives it again.</summary>
    public TimeSpan SagaStepTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How many times a stuck step is driven again before the saga gives up: a business step (the worker's
    /// schedule) then compensates; a notification or analytics step is left in dead letters.
    /// </summary>
    public int SagaMaxRedrives { get; init; } = 10;

    /// <summary>The longest wait between two re-drives of a notification or analytics step (they back off exponentially).</summary>
    public TimeSpan SagaMaxRedriveDelay { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the reminder that outlives a crashed silo wakes an unfinished saga (Orleans' minimum is a minute by default).</summary>
    public TimeSpan SagaReminderPeriod { get; init; } = TimeSpan.FromMinutes(1);

    public static JobOptions Read(IConfiguration section)
    {
        var wage = section["MinimumHourlyWageKrw"];
        if (wage is null)
        {
            return new JobOptions();
        }

        return long.TryParse(wage, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0
            ? new JobOptions { MinimumHourlyWageKrw = value }
            : throw new InvalidOperationException("OneDay:Jobs:MinimumHourlyWageKrw must be a positive whole number of KRW.");
    }
}

public static class JobsServices
{
    public static IServiceCollection AddOneDayJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(JobOptions.Read(configuration.GetSection("OneDay:Jobs")));
        services.TryAddSingleton(JobClock.System);
        services.TryAddSingleton<JobFaultInjection>();
        return services;
    }
}
