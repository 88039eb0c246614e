using Microsoft.Extensions.Logging;
using OneDay.Grains.Eventing;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Interfaces.Eventing;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Jobs;
using OneDay.Grains.Jobs.Saga;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Communication;

[GenerateSerializer, Alias("oneday.jobs.notifications-state")]
public sealed class JobNotificationsState : ConsumerState
{
    [Id(0)] public List<EmployerNotification> Sent { get; set; } = [];
}

/// <summary>Communication's step of the saga: tells the employer about applicants and confirmed workers.</summary>
[ImplicitStreamSubscription(Domains.Jobs), DomainPlacement(Domains.Communication)]
[CollectionAgeLimit(Minutes = ConsumerActivations.IdleMinutes)]
public sealed class JobNotificationsGrain(
    [PersistentState("job-notifications", Domains.Communication)] IPersistentState<JobNotificationsState> state,
    ISagaFaultHook faults,
    ILogger<JobNotificationsGrain> logger)
    : JobSagaStepGrain<JobNotificationsState>(state, SagaStep.EmployerNotified, faults, logger),
      IJobNotificationsGrain
{
    public Task<EmployerNotification[]> Sent() => Task.FromResult<EmployerNotification[]>([.. State.Sent]);

    protected override bool Accepts(DomainEvent domainEvent) => domainEvent.Payload is ApplicationSubmitted or ApplicationAccepted;

    protected override void Apply(DomainEvent domainEvent)
    {
        var (employerId, workerId, kind) = domainEvent.Payload switch
        {
            ApplicationSubmitted e => (e.EmployerId, e.WorkerId, "application-submitted"),
            ApplicationAccepted e => (e.EmployerId, e.WorkerId, "worker-confirmed"),
            _ => throw new InvalidOperationException($"Not a notification event: {domainEvent.Type}"),
        };
        State.Sent.Add(new EmployerNotification(domainEvent.EventId, employerId, JobId, workerId, kind, Time.GetUtcNow()));
    }
}
