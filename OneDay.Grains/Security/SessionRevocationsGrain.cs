using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Security;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Security;

[DomainPlacement(Domains.Security)]
public sealed class SessionRevocationsGrain(
    [PersistentState("session-revocations", Domains.Security)] IPersistentState<SessionRevocationsState> revocations,
    TimeProvider time) : Grain, ISessionRevocationsGrain
{
    /// <summary>The longest an access token can live (OneDay:Security:AccessTokenMinutes allows up to 60).</summary>
    public static readonly TimeSpan LongestTokenLifetime = TimeSpan.FromMinutes(61);

    private SessionRevocationsState State => revocations.State;

    public async Task Revoke(IReadOnlyList<Guid> sessionIds)
    {
        if (sessionIds.Count == 0)
        {
            return;
        }

        var now = time.GetUtcNow();
        State.Sessions.RemoveAll(s => s.Until <= now);
        foreach (var id in sessionIds)
        {
            State.Sessions.Add(new RevokedSession(id, now + LongestTokenLifetime, ++State.Version));
        }

        await revocations.WriteStateAsync();
    }

    public Task<SessionRevocations> Since(long version)
    {
        var now = time.GetUtcNow();
        // A caller far behind may have missed entries that expired meanwhile, which is harmless: their tokens
        // are dead anyway. A caller ahead of this list saw one that was lost (in-memory storage): it starts over.
        var reset = version > State.Version;
        var from = reset ? 0 : version;
        IReadOnlyList<RevokedSession> live = State.Sessions.Where(s => s.Version > from && s.Until > now).ToArray();
        return Task.FromResult(new SessionRevocations(State.Version, live, reset));
    }
}

[GenerateSerializer, Alias("oneday.security.session-revocations-state")]
public sealed class SessionRevocationsState
{
    [Id(0)] public long Version { get; set; }

    [Id(1)] public List<RevokedSession> Sessions { get; set; } = [];
}
