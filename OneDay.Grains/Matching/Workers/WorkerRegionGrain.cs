using OneDay.Grains.Batching;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Placement;
using Orleans.Concurrency;

namespace OneDay.Grains.Matching.Workers;

[GenerateSerializer, Alias("oneday.matching.worker-region-state")]
public sealed class WorkerRegionState
{
    [Id(0)] public HashSet<string> Cells { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>The worker cells of one region that hold (or once held) workers.</summary>
/// <remarks>Reentrant so that cells filling at once share a state write: each call changes the state before its only await.</remarks>
[Reentrant, DomainPlacement(Domains.Matching)]
public sealed class WorkerRegionGrain : Grain, IWorkerRegionGrain
{
    private readonly IPersistentState<WorkerRegionState> _state;
    private readonly TurnGroupCommit _writer;
    private IReadOnlySet<string>? _snapshot;

    public WorkerRegionGrain([PersistentState("worker-region", Domains.Matching)] IPersistentState<WorkerRegionState> state)
    {
        _state = state;
        _writer = new TurnGroupCommit(state.WriteStateAsync);
    }

    public Task Occupied(string cell) => _state.State.Cells.Add(cell) ? ChangedAsync() : Task.CompletedTask;

    public Task<IReadOnlySet<string>> Cells() =>
        Task.FromResult(_snapshot ??= new HashSet<string>(_state.State.Cells, StringComparer.Ordinal));

    private Task ChangedAsync()
    {
        _snapshot = null;
        return _writer.WriteAsync();
    }
}
