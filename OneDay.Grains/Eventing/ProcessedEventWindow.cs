namespace OneDay.Grains.Eventing;

/// <summary>
/// The ids of the last <see cref="Capacity"/> events a consumer applied, stored in the same state write
/// as the effect, so a redelivery (at-least-once streams, outbox republishes) is recognised and skipped.
/// Bounded so state does not grow forever; redeliveries arrive within seconds to minutes, far inside
/// the window for any single aggregate stream.
/// </summary>
[GenerateSerializer, Alias("oneday.events.processed-window")]
public sealed class ProcessedEventWindow
{
    public const int DefaultCapacity = 1024;

    [NonSerialized]
    private HashSet<Guid>? _index;

    [NonSerialized] // stored through Ids, whose setter also drops the stale index
    private Queue<Guid> _ids = new();

    [Id(0)]
    public Queue<Guid> Ids
    {
        get => _ids;
        set
        {
            _ids = value;
            _index = null;
        }
    }

    [Id(1)] public int Capacity { get; set; } = DefaultCapacity;

    public bool Contains(Guid eventId) => Index.Contains(eventId);

    public void Add(Guid eventId)
    {
        if (!Index.Add(eventId))
        {
            return;
        }

        Ids.Enqueue(eventId);
        while (Ids.Count > Capacity)
        {
            Index.Remove(Ids.Dequeue());
        }
    }

    private HashSet<Guid> Index => _index ??= [.. Ids];
}
