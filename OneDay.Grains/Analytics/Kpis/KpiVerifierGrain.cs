using Microsoft.Extensions.Logging;
using OneDay.Grains.Eventing.Store;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Analytics;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Analytics.Kpis;

/// <summary>
/// Verifies a projection (its key) in the background: pages of the event store go through the same replay into a
/// scratch projection a few at a time, on a timer, so status calls are answered between them and no call outlasts
/// the grain call timeout however large the store.
/// </summary>
[DomainPlacement(Domains.Analytics)]
public sealed partial class KpiVerifierGrain(IKpiStore store, IEventStore events, TimeProvider time, ILogger<KpiVerifierGrain> logger)
    : Grain, IKpiVerifierGrain
{
    /// <summary>Pages replayed per tick: a tick takes a second or so, and status calls wait at most that long.</summary>
    private const int PagesPerTick = 10;

    private readonly KpiReplay _replay = new(events);
    private KpiVerificationStatus _status = new(KpiVerificationState.Idle, 0, 0, null, null, null, null);
    private Dictionary<Guid, JobKpiContext> _jobs = [];
    private IGrainTimer? _timer;
    private string _scratch = "";

    private string Projection => this.GetPrimaryKeyString();

    public async Task<KpiVerificationStatus> Start()
    {
        if (_status.State == KpiVerificationState.Running)
        {
            return _status;
        }

        var through = await store.PositionAsync(Projection);
        _scratch = "verify-" + Guid.NewGuid().ToString("N")[..12];
        _jobs = [];
        _status = new KpiVerificationStatus(KpiVerificationState.Running, through, 0, null, null, time.GetUtcNow(), null);
        _timer = this.RegisterGrainTimer(StepAsync, new GrainTimerCreationOptions(TimeSpan.Zero, TimeSpan.FromMilliseconds(100)) { KeepAlive = true });
        return _status;
    }

    public Task<KpiVerificationStatus> Status() => Task.FromResult(_status);

    private async Task StepAsync(CancellationToken cancellationToken)
    {
        try
        {
            for (var i = 0; i < PagesPerTick && _status.ReplayedSequence < _status.ThroughSequence; i++)
            {
                var position = _status.ReplayedSequence;
                var page = (await events.ReadSettledAsync(position, KpiReplay.PageSize, cancellationToken))
                    .TakeWhile(e => e.Sequence <= _status.ThroughSequence)
                    .ToArray();
                if (page.Length == 0)
                {
                    break;
                }

                await store.ApplyAsync(_scratch, await _replay.BatchAsync(page, position, _jobs), cancellationToken);
                _status = _status with { ReplayedSequence = page[^1].Sequence };
            }

            if (_status.ReplayedSequence >= _status.ThroughSequence || await NothingLeftAsync())
            {
                var result = await KpiComparison.CompareAsync(store, Projection, _scratch, _status.ThroughSequence);
                await FinishAsync(_status with { State = KpiVerificationState.Done, Result = result });
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogFailed(logger, ex, Projection);
            await FinishAsync(_status with { State = KpiVerificationState.Failed, Error = ex.Message });
        }
    }

    // The store may hold fewer events than the projection applied (embedded mode drops its oldest).
    private async Task<bool> NothingLeftAsync() =>
        (await events.ReadSettledAsync(_status.ReplayedSequence, 1)).Count == 0;

    private async Task FinishAsync(KpiVerificationStatus status)
    {
        _timer?.Dispose();
        _timer = null;
        _jobs = [];
        _status = status with { FinishedAt = time.GetUtcNow() };
        try
        {
            await store.DropAsync(_scratch);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A scratch projection left behind only takes room; the next run uses a new name.
            LogFailed(logger, ex, _scratch);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Verifying KPI projection {Projection} failed")]
    private static partial void LogFailed(ILogger logger, Exception exception, string projection);
}
