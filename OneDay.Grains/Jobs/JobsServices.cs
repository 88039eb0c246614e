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
    public TimeProvider Time { get; } = time;

    public DateTimeOffset UtcNow => Time.GetUtcNow();
}

/// <summary>Rules that differ by deployment. Section OneDay:Jobs.</summary>
public sealed class JobOptions
{
    public const long DefaultMinimumHourlyWageKrw = 10_030;
    public const int DefaultMaxOpenJobsPerEmployer = 200;
    public const int DefaultMaxApplicantsPerJob = 500;

    /// <summary>The statutory minimum wage; pay below it (per hour, or per shift spread over its hours) is refused.</summary>
    public long MinimumHourlyWageKrw { get; init; } = DefaultMinimumHourlyWageKrw;

    /// <summary>
    /// How many jobs one employer may have open at once (posted, and not yet started, cancelled or expired),
    /// so that one account cannot fill the search index, the reminders and its own list without bound.
    /// </summary>
    public int MaxOpenJobsPerEmployer { get; init; } = DefaultMaxOpenJobsPerEmployer;

    /// <summary>
    /// How many workers may apply to one job, whatever became of their applications. The job's state keeps each
    /// applicant and is stored whole on every write, so without a bound a popular job would cost more to apply to
    /// with every applicant; an employer does not read past a few hundred.
    /// </summary>
    public int MaxApplicantsPerJob { get; init; } = DefaultMaxApplicantsPerJob;

    /// <summary>How long after the start an accepted worker may still check in before counting as a no-show.</summary>
    public TimeSpan NoShowGrace { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long after the last check-out an employer may confirm or dispute the shift; after that it confirms
    /// itself and the workers are paid.
    /// </summary>
    public TimeSpan AutoConfirmAfter { get; init; } = TimeSpan.FromHours(24);

    /// <summary>How early before the start a worker may check in.</summary>
    public TimeSpan EarlyCheckIn { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How long a saga may stay unfinished before the saga grain drives it again.</summary>
    public TimeSpan SagaStepTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often, in real time, the saga grain's timer asks whether a saga is overdue; half the step timeout
    /// unless set. Only the tick: whether a saga is overdue is decided on job time (<see cref="JobClock"/>),
    /// so tests that move job time on ask at once (<c>IJobSagaGrain.CheckOverdue</c>) and set this long.
    /// </summary>
    public TimeSpan SagaCheckPeriod
    {
        get => _sagaCheckPeriod ?? SagaStepTimeout / 2;
        init => _sagaCheckPeriod = value;
    }

    private readonly TimeSpan? _sagaCheckPeriod;

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
        var wage = DefaultMinimumHourlyWageKrw;
        if (section["MinimumHourlyWageKrw"] is { } wageText
            && !(long.TryParse(wageText, NumberStyles.None, CultureInfo.InvariantCulture, out wage) && wage > 0))
        {
            throw new InvalidOperationException("OneDay:Jobs:MinimumHourlyWageKrw must be a positive whole number of KRW.");
        }

        return new JobOptions
        {
            MinimumHourlyWageKrw = wage,
            MaxOpenJobsPerEmployer = PositiveCount(section, "MaxOpenJobsPerEmployer", DefaultMaxOpenJobsPerEmployer),
            MaxApplicantsPerJob = PositiveCount(section, "MaxApplicantsPerJob", DefaultMaxApplicantsPerJob),
        };
    }

    private static int PositiveCount(IConfiguration section, string name, int fallback)
    {
        if (section[name] is not { } text)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count > 0
            ? count
            : throw new InvalidOperationException($"OneDay:Jobs:{name} must be a positive whole number.");
    }
}

public static class JobsServices
{
    public static IServiceCollection AddOneDayJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(JobOptions.Read(configuration.GetSection("OneDay:Jobs")));
        // Job time is the process's clock unless a test says otherwise; the silo registers that clock
        // (OneDay.Hosting's AddOneDayTime), which this assembly does not reference.
        services.TryAddSingleton(sp => new JobClock(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ISagaFaultHook, NoSagaFaults>();
        services.TryAddSingleton<SharedJobCells>();
        return services;
    }
}
