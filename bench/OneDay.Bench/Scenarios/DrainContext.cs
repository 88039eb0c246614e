using OneDay.Bench.Measure;

namespace OneDay.Bench.Scenarios;

/// <summary>What a scenario's drain step gets after the measured run, while the app is still up.</summary>
internal sealed class DrainContext(PrepareContext prepared, IReadOnlyList<WrkRun> warmUp, IReadOnlyList<WrkRun> measured, DateTimeOffset wrkEnded)
{
    public PrepareContext Prepared { get; } = prepared;

    /// <summary>Every warm-up round's wrk run: their requests started asynchronous work too.</summary>
    public IReadOnlyList<WrkRun> WarmUp { get; } = warmUp;

    public IReadOnlyList<WrkRun> Measured { get; } = measured;

    public DateTimeOffset WrkEnded { get; } = wrkEnded;

    /// <summary>Markdown lines for *After the measurement*.</summary>
    public List<string> Report { get; } = [];
}
