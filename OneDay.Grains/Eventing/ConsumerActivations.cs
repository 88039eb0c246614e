namespace OneDay.Grains.Eventing;

/// <summary>How long an idle per-aggregate stream consumer stays in memory.</summary>
/// <remarks>
/// Every job has three consumers (saga, notifications, analytics), each activated by the job's first event
/// and then idle until the next one, usually hours later. At the silo's default of 15 minutes they (with a
/// fourth, the event recorder, since removed) were two thirds of the activations of a silo that had just
/// taken 100,000 postings: memory, and work for everything that walks the activations (collection, the
/// activation-count metrics). Reactivating one
/// costs a state read, so two minutes still covers a burst of applications.
/// </remarks>
public static class ConsumerActivations
{
    public const double IdleMinutes = 2;
}
