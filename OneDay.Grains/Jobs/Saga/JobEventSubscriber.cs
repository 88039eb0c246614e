using OneDay.Grains.Interfaces.Infrastructure.Events;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace OneDay.Grains.Jobs.Saga;

/// <summary>
/// Base for grains implicitly subscribed to the "jobs" stream namespace: each is keyed by the job id
/// (the stream key) and receives that job's events through the real stream path.
/// </summary>
public abstract class JobEventSubscriber : Grain, IStreamSubscriptionObserver
{
    protected Guid JobId => Guid.Parse(this.GetPrimaryKeyString());

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory)
    {
        var handle = handleFactory.Create<DomainEvent>();
        await handle.ResumeAsync((domainEvent, _) => OnEventAsync(domainEvent));
    }

    protected abstract Task OnEventAsync(DomainEvent domainEvent);
}
