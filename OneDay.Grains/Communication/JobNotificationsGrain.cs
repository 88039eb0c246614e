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

    /// <summary>The workers accepted now: a cancellation closes every application alike, and is news of a lost shift only to them.</summary>
    [Id(1)] public HashSet<Guid> Crew { get; set; } = [];
}

/// <summary>
/// Communication's step of the saga: tells the employer about applicants and the worker about the employer's
/// answer, in their inboxes; opens the application's conversation and keeps the job's crew conversation to its
/// accepted workers; and sets an accepted worker's shift reminders. The inbox stores a notification once per
/// event, so a step run again after a crash or a failed write sends nothing twice.
/// </summary>
[ImplicitStreamSubscription(JobStreams.Applications), DomainPlacement(Domains.Communication)]
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
        domainEvent.Payload is ApplicationSubmitted or ApplicationAccepted or ApplicationRejected or ApplicationWithdrawn;

    /// <summary>
    /// Every call here is idempotent, as a step run again requires. The step's own record (<c>Sent</c>) keeps the
    /// saga events it handled in the saga's terms; rejections and withdrawals are no saga's step, and one that fails
    /// is left in dead letters for an operator rather than redriven.
    /// </summary>
    protected override async Task ApplyAsync(DomainEvent domainEvent)
    {
        switch (domainEvent.Payload)
        {
            case ApplicationSubmitted e:
                await Inbox(e.EmployerId).Deliver(Notify(domainEvent, NotificationKinds.ApplicationReceived, e.WorkerId));
                await Conversation(Conversations.ForApplication(JobId, e.WorkerId)).Open(ConversationKind.Application, JobId, [e.EmployerId, e.WorkerId]);
                State.Sent.Add(new EmployerNotification(domainEvent.EventId, e.EmployerId, JobId, e.WorkerId, "application-submitted", Time.GetUtcNow()));
                break;
            case ApplicationAccepted e:
                await Inbox(e.WorkerId).Deliver(Notify(domainEvent, NotificationKinds.ApplicationAccepted, e.EmployerId));
                await Conversation(Conversations.ForJob(JobId)).Open(ConversationKind.Job, JobId, [e.EmployerId, e.WorkerId]);
                await GrainFactory.Reference<IShiftRemindersGrain>(ShiftReminders.Key(JobId, e.WorkerId))
                    .Schedule(JobId, e.WorkerId, e.EmployerId, e.StartsAt);
                State.Crew.Add(e.WorkerId);
                State.Sent.Add(new EmployerNotification(domainEvent.EventId, e.EmployerId, JobId, e.WorkerId, "worker-confirmed", Time.GetUtcNow()));
                break;
            case ApplicationRejected e:
                var kind = e.Reason == RejectionReasons.JobCancelled && State.Crew.Contains(e.WorkerId)
                    ? NotificationKinds.ShiftCancelled
                    : NotificationKinds.ApplicationRejected;
                await Inbox(e.WorkerId).Deliver(Notify(domainEvent, kind, counterpart: null));
                // Off the job, out of its crew's conversation; the application's own stays, for the employer to explain.
                await Conversation(Conversations.ForJob(JobId)).Leave(e.WorkerId);
                State.Crew.Remove(e.WorkerId);
                break;
            case ApplicationWithdrawn e:
                await Conversation(Conversations.ForJob(JobId)).Leave(e.WorkerId);
                State.Crew.Remove(e.WorkerId);
                break;
        }
    }

    private INotificationInboxGrain Inbox(Guid userId) => GrainFactory.Reference<INotificationInboxGrain>(userId);

    private IConversationGrain Conversation(Guid id) => GrainFactory.Reference<IConversationGrain>(id);

    private NewNotification Notify(DomainEvent domainEvent, string kind, Guid? counterpart) =>
        new(domainEvent.EventId, kind, domainEvent.OccurredAt, JobId, counterpart);
}
