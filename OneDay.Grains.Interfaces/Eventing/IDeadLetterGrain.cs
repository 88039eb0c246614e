namespace OneDay.Grains.Interfaces.Eventing;

/// <summary>The cluster's one dead-letter store (key 0), persisted in the analytics storage.</summary>
[Alias("oneday.events.dead-letters")]
public interface IDeadLetterGrain : IGrainWithIntegerKey
{
    [Alias("add")]
    Task Add(DeadLetter deadLetter);

    /// <summary>Newest first.</summary>
    [Alias("list")]
    Task<IReadOnlyList<DeadLetter>> List(int limit);

    /// <summary>How many wait for an operator (neither replayed nor settled).</summary>
    [Alias("waiting")]
    Task<int> Waiting();

    [Alias("replay")]
    Task<ReplayOutcome> Replay(Guid id);

    /// <summary>
    /// <paramref name="consumer"/> applied the dead-lettered event <paramref name="eventId"/> without an operator
    /// (a process manager drove it again): its dead letters read replayed rather than pending.
    /// </summary>
    [Alias("resolved")]
    Task Resolved(GrainId consumer, Guid eventId);
}
