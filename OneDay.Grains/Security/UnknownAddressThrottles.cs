namespace OneDay.Grains.Security;

/// <summary>
/// The login throttles of addresses nobody owns, in memory and bounded: past its capacity the least recently
/// used goes, and throttles with nothing left to remember (<see cref="LoginThrottle.IsIdle"/>) are dropped as
/// they reach the end of the line. A flood of made-up addresses therefore costs a fixed amount of memory.
/// </summary>
public sealed class UnknownAddressThrottles(int capacity)
{
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = [];

    public int Count => _entries.Count;

    /// <summary>
    /// A failed sign-in to <paramref name="account"/> from <paramref name="source"/>: the end of its lock when
    /// that source is locked out (the attempt is not counted), else null once the failure is counted.
    /// </summary>
    public DateTimeOffset? NoteFailure(string account, string? source, DateTimeOffset now)
    {
        if (_entries.TryGetValue(account, out var node))
        {
            _recency.Remove(node);
            _recency.AddFirst(node);
            if (node.Value.Throttle.LockedFor(source, now) is { } until)
            {
                return until;
            }
        }
        else
        {
            DropIdle(now);
            if (_entries.Count >= capacity)
            {
                Remove(_recency.Last!);
            }

            node = _recency.AddFirst(new Entry(account, new LoginThrottle()));
            _entries[account] = node;
        }

        node.Value.Throttle.RecordFailure(source, now);
        return null;
    }

    private void DropIdle(DateTimeOffset now)
    {
        while (_recency.Last is { } oldest && oldest.Value.Throttle.IsIdle(now))
        {
            Remove(oldest);
        }
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        _recency.Remove(node);
        _entries.Remove(node.Value.Account);
    }

    private sealed record Entry(string Account, LoginThrottle Throttle);
}
