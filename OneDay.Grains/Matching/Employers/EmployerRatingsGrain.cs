using OneDay.Grains.Batching;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Placement;
using Orleans.Concurrency;

namespace OneDay.Grains.Matching.Employers;

[GenerateSerializer, Alias("oneday.matching.employer-ratings-state")]
public sealed class EmployerRatingsState
{
    [Id(0)] public Dictionary<Guid, double> Ratings { get; set; } = [];
}

/// <summary>One shard of the employer-ratings read model.</summary>
/// <remarks>Reentrant so that ratings arriving together share a state write: each call changes the state before its only await.</remarks>
[Reentrant, DomainPlacement(Domains.Matching)]
public sealed class EmployerRatingsGrain : Grain, IEmployerRatingsGrain
{
    private readonly IPersistentState<EmployerRatingsState> _state;
    private readonly TurnGroupCommit _writer;
    private EmployerRatingsSnapshot? _snapshot;
    private long _revision;

    public EmployerRatingsGrain([PersistentState("employer-ratings", Domains.Matching)] IPersistentState<EmployerRatingsState> state)
    {
        _state = state;
        _writer = new TurnGroupCommit(state.WriteStateAsync);
    }

    public Task Set(Guid employerId, double averageRating)
    {
        if (_state.State.Ratings.TryGetValue(employerId, out var current) && current == averageRating)
        {
            return Task.CompletedTask;
        }

        _state.State.Ratings[employerId] = averageRating;
        _revision++;
        _snapshot = null;
        return _writer.WriteAsync();
    }

    public Task<EmployerRatingsSnapshot> Snapshot() =>
        Task.FromResult(_snapshot ??= new EmployerRatingsSnapshot(_revision, new Dictionary<Guid, double>(_state.State.Ratings)));
}
