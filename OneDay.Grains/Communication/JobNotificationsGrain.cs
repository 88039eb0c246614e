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

/// <summary>
/// Communication's step of the saga: tells the employer about applicants and the worker about the employer's
/// answer, in their inboxes, and sets an accepted worker's shift reminders. The inbox stores a notification once per event, so a step run again after a crash
/// or a failed write sends nothing twice.
/// </summary>
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

    protected override bool Accepts(DomainEvent domainEvent) =>
        domainEvent.Payload is ApplicationSubmitted or ApplicationAccepted or ApplicationRejected;

    protected override async Task ApplyAsync(DomainEvent domainEvent)
    {
        var (recipient, notification) = domainEvent.Payload switch
        {
            ApplicationSubmitted e => (e.EmployerId, Notify(domainEvent, NotificationKinds.ApplicationReceived, e.WorkerId)),
            ApplicationAccepted e => (e.WorkerId, Notify(domainEvent, NotificationKinds.ApplicationAccepted, e.EmployerId)),
            ApplicationRejected e => (e.WorkerId, Notify(domainEvent, NotificationKinds.ApplicationRejected, counterpart: null)),
            _ => throw new InvalidOperationException($"Not a notification event: {domainEvent.Type}"),
        };
        await GrainFactory.Reference<INotificationInboxGrain>(recipient).Deliver(notification);
        if (domainEvent.Payload is ApplicationAccepted accepted)
        {
            await GrainFactory.Reference<IShiftRemindersGrain>(ShiftReminders.Key(JobId, accepted.WorkerId))
                .Schedule(JobId, accepted.WorkerId, accepted.EmployerId, accepted.StartsAt);
        }

        // The step's own record of the saga events it handled, in the saga's terms; a rejection is no saga's
        // step, and one that fails is left in dead letters for an operator rather than redriven.
        switch (domainEvent.Payload)
        {
            case ApplicationSubmitted e:
                State.Sent.Add(new EmployerNotification(domainEvent.EventId, e.EmployerId, JobId, e.WorkerId, "application-submitted", Time.GetUtcNow()));
                break;
            case ApplicationAccepted e:
                State.Sent.Add(new EmployerNotification(domainEvent.EventId, e.EmployerId, JobId, e.WorkerId, "worker-confirmed", Time.GetUtcNow()));
                break;
        }
    }

    private NewNotification Notify(DomainEvent domainEvent, string kind, Guid? counterpart) =>
        new(domainEvent.EventId, kind, domainEvent.OccurredAt, JobId, counterpart);
}
