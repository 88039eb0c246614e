using HdrHistogram;

namespace OneDay.Testing.Load;

/// <summary>
/// Every request of a run: per second of the run, how each ended and how long it took; per operation, its whole
/// latency histogram. Latency runs from when the request was due, not when it was sent, so a stall of the system is
/// counted against every request that waited for it (no coordinated omission).
/// </summary>
public sealed class LoadRecorder
{
    /// <summary>Latencies are microseconds up to a minute; anything slower counts as a minute.</summary>
    public const long MaxMicroseconds = 60_000_000;

    private readonly Lock _gate = new();
    private readonly List<SecondOfRun> _seconds = [];
    private readonly Dictionary<string, LongHistogram> _operations = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Operation, int Status), long> _statuses = [];

    public void Record(string operation, TimeSpan due, TimeSpan latency, int status, Outcome outcome)
    {
        var microseconds = Math.Clamp((long)latency.TotalMicroseconds, 1, MaxMicroseconds);
        var second = (int)Math.Max(0, due.TotalSeconds);
        lock (_gate)
        {
            while (_seconds.Count <= second)
            {
                _seconds.Add(new SecondOfRun(_seconds.Count));
            }

            _seconds[second].Add(outcome, microseconds);
            if (!_operations.TryGetValue(operation, out var histogram))
            {
                _operations[operation] = histogram = new LongHistogram(MaxMicroseconds, 3);
            }

            histogram.RecordValue(microseconds);
            _statuses[(operation, status)] = _statuses.GetValueOrDefault((operation, status)) + 1;
        }
    }

    public IReadOnlyList<SecondOfRun> Seconds
    {
        get
        {
            lock (_gate)
            {
                return [.. _seconds];
            }
        }
    }

    /// <summary>Each operation's latencies over the whole run.</summary>
    public IReadOnlyDictionary<string, HistogramBase> Operations
    {
        get
        {
            lock (_gate)
            {
                return _operations.ToDictionary(o => o.Key, o => (HistogramBase)o.Value.Copy(), StringComparer.Ordinal);
            }
        }
    }

    /// <summary>How many requests of each operation answered each status (0: no answer).</summary>
    public IReadOnlyDictionary<(string Operation, int Status), long> Statuses
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<(string, int), long>(_statuses);
            }
        }
    }
}

/// <summary>One second of a run: its requests by outcome, and their latencies (two significant figures).</summary>
public sealed class SecondOfRun(int index)
{
    private readonly long[] _outcomes = new long[Enum.GetValues<Outcome>().Length];

    public int Index { get; } = index;

    public IntHistogram Latency { get; } = new(LoadRecorder.MaxMicroseconds, 2);

    public long Count(Outcome outcome) => _outcomes[(int)outcome];

    public long Total => _outcomes.Sum();

    public long Failures => Enum.GetValues<Outcome>().Where(o => o.IsFailure()).Sum(Count);

    internal void Add(Outcome outcome, long microseconds)
    {
        _outcomes[(int)outcome]++;
        Latency.RecordValue(microseconds);
    }
}
