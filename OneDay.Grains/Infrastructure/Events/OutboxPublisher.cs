using OneDay.Grains.Interfaces.Infrastructure;
using OneDay.Grains.Interfaces.Infrastructure.Events;
using Orleans.Streams;

namespace OneDay.Grains.Infrastructure.Events;

/// <summary>
/// Publishes a grain's outbox to the "events" stream provider: one stream per (domain, aggregate), so
/// implicit subscribers of a domain's namespace receive every event of that domain.
/// </summary>
public static class OutboxPublisher
{
    /// <summary>
    /// Call after the state holding <paramref name="outbox"/> was written. Publishes in order and removes
    /// what was accepted; on failure the rest stays pending for the next flush (the next command or the
    /// grain's activation), so nothing is lost and nothing is published for a write that failed.
    /// </summary>
    public static async Task<bool> FlushAsync(this Grain grain, EventOutbox outbox)
    {
        if (outbox.Pending.Count == 0)
        {
            return true;
        }

        var provider = grain.GetStreamProvider(StreamProviders.Events);
        while (outbox.Pending.Count > 0)
        {
            var next = outbox.Pending[0];
            var stream = provider.GetStream<DomainEvent>(StreamId.Create(next.Domain, next.AggregateId));
            try
            {
                await stream.OnNextAsync(next);
            }
            catch (Exception)
            {
                // The broker is unreachable: keep this and later events for the next flush.
                return false;
            }

            outbox.Pending.RemoveAt(0);
        }

        return true;
    }
}
