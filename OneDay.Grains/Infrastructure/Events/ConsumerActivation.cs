namespace OneDay.Grains.Infrastructure.Events;

/// <summary>
/// How long a per-aggregate event consumer (recorder, saga steps) stays in memory without an event. Every
/// aggregate that ever emitted gets one of each, so the default fifteen minutes kept hundreds of thousands
/// of idle activations alive after a burst (100k job postings made ~500k); their state is persisted and
/// the next event reactivates them in one storage read.
/// </summary>
public static class ConsumerActivation
{
    public const double IdleMinutes = 2;
}
