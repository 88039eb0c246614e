using OneDay.Grains.Batching;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Matching.Employers;

[GenerateSerializer, Alias("oneday.matching.employer-records-state")]
public sealed class EmployerRecordsState
{
    [Id(0)] public Dictionary<Guid, EmployerRecord> Records { get; set; } = [];
}

/// <summary>One shard of the employer-records read model.</summary>
/// <remarks>Reentrant so that records arriving together share a state write: each call changes the state before its only await.</remarks>
[Orleans.Concurrency.Reentrant, DomainPlacement(Domains.Matching)]
public sealed class EmployerRecordsGrain : Grain, IEmployerRecordsGrain
{
    private readonly IPersistentState<EmployerRecordsState> _state;
    private readonly TurnGroupCommit _writer;
    private EmployerRecordsSnapshot? _snapshot;
    private long _revision;

    public EmployerRecordsGrain([PersistentState("employer-records", Domains.Matching)] IPersistentState<EmployerRecordsState> state)
    {
        _state = state;
        _writer = new TurnGroupCommit(state.WriteStateAsync);
    }

    public Task Set(Guid employerId, EmployerRecord record)
    {
        if (_state.State.Records.TryGetValue(employerId, out var current) && current == record)
        {
            return Task.CompletedTask;
        }

        _state.State.Records[employerId] = record;
        _revision++;
        _snapshot = null;
        return _writer.WriteAsync();
    }

    public Task<EmployerRecordsSnapshot> Snapshot() =>
        Task.FromResult(_snapshot ??= new EmployerRecordsSnapshot(_revision, new Dictionary<Guid, EmployerRecord>(_state.State.Records)));
}
