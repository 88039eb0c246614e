using Microsoft.Extensions.Logging;
using OneDay.Grains.Eventing.Store;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Analytics;
using OneDay.Grains.Interfaces.Eventing;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Analytics.Kpis;

/// <summary>
/// Tails the event store and applies each event to the KPI store with the position it reached, in one write per
/// page, so a crash or a second activation never counts an event twice or skips one. What a job's later events need
/// of it (category, region, when it was posted) comes from its earlier events, remembered here and read back from
/// the store when this activation has not seen them.
/// </summary>
[DomainPlacement(Domains.Analytics)]
public sealed partial class KpiProjectorGrain(IKpiStore store, IEventStore events, ILogger<KpiProjectorGrain> logger)
    : Grain, IKpiProjectorGrain, IRemindable
{
    private const string Reminder = "kpi-projector";
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    /// <summary>Past this many jobs the remembered ones are forgotten (and read back from the store as needed).</summary>
    private const int MaxJobsRemembered = 200_000;

    private readonly Dictionary<Guid, JobKpiContext> _jobs = [];
    private readonly KpiReplay _replay = new(events);
    private long? _position;

    private string Name => this.GetPrimaryKeyString();

    /// <summary>A projection of an earlier build's reading of events, which nothing reads any more.</summary>
    private bool Retired => Name != KpiProjections.Live;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!Retired)
        {
            // Kept alive by its timer: an idle projector would stop projecting.
            this.RegisterGrainTimer(TickAsync, new GrainTimerCreationOptions(Tick, Tick) { KeepAlive = true });
        }

        return Task.CompletedTask;
    }

    public async Task Start() => await this.RegisterOrUpdateReminder(Reminder, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(1));

    /// <summary>
    /// The reminder only brings the projector back after its silo was lost; the timer does the work. A retired
    /// projection's reminder is its last: the figures go, then the reminder.
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (Retired)
        {
            await store.DropAsync(Name);
            if (await this.GetReminder(reminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            LogRetired(logger, Name, KpiProjections.Live);
            DeactivateOnIdle();
        }
    }

    public async Task<long> CatchUp()
    {
        while (await StepAsync(Name, _jobs))
        {
        }

        return _position ?? 0;
    }

    private async Task TickAsync(CancellationToken cancellationToken)
    {
        try
        {
            await CatchUp();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The store or the event store is away: the next tick tries again from the stored position.
            LogStepFailed(logger, ex, Name);
        }
    }

    /// <returns>Whether a full page was applied (more may be waiting).</returns>
    private async Task<bool> StepAsync(string projection, Dictionary<Guid, JobKpiContext> jobs)
    {
        var position = _position ??= await store.PositionAsync(projection);
        var page = await events.ReadSettledAsync(position, KpiReplay.PageSize);
        if (page.Count == 0)
        {
            return false;
        }

        try
        {
            await store.ApplyAsync(projection, await _replay.BatchAsync(page, position, jobs));
            _position = page[^1].Sequence;
        }
        catch (Exception)
        {
            // What the page taught about its jobs was not stored with it: forget it, and where the projection stands.
            jobs.Clear();
            _position = null;
            throw;
        }

        if (jobs.Count > MaxJobsRemembered)
        {
            jobs.Clear();
        }

        return page.Count == KpiReplay.PageSize;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "KPI projection {Projection} retired: its figures are dropped; {Live} replaces it")]
    private static partial void LogRetired(ILogger logger, string projection, string live);

    [LoggerMessage(Level = LogLevel.Warning, Message = "KPI projection {Projection} could not take its next step; it tries again")]
    private static partial void LogStepFailed(ILogger logger, Exception exception, string projection);
}
