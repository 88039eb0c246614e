using OneDay.Grains.Interfaces.Eventing;

namespace OneDay.Grains.Eventing.Store;

public static class EventPages
{
    /// <summary>Stores fetch one row more than asked; its presence is what says another page exists.</summary>
    public static EventPage Of(IReadOnlyList<StoredEvent> fetched, int limit) =>
        fetched.Count > limit
            ? new EventPage(fetched.Take(limit).ToArray(), fetched[limit - 1].Sequence)
            : new EventPage(fetched, null);
}
