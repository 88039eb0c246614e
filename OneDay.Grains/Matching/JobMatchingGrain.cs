using OneDay.Grains.Eventing;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Interfaces.Eventing;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Matching;
using OneDay.Grains.Jobs;
using OneDay.Grains.Matching.Candidates;
using OneDay.Grains.Matching.Employers;
using OneDay.Grains.Matching.Scoring;
using OneDay.Grains.Matching.Workers;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Matching;

[GenerateSerializer, Alias("oneday.matching.job-matching-state")]
public sealed class JobMatchingState : ConsumerState
{
    [Id(0)] public Guid EmployerId { get; set; }
    [Id(1)] public DateTimeOffset? StartsAt { get; set; }

    /// <summary>The workers accepted now: withdrawing from an accepted shift late counts against them.</summary>
    [Id(2)] public HashSet<Guid> Crew { get; set; } = [];

    [Id(3)] public Dictionary<Guid, JobInvitation> Invitations { get; set; } = [];

    /// <summary>The workers told of the job as new near them.</summary>
    [Id(4)] public List<Guid> Alerted { get; set; } = [];
}

/// <summary>
/// Matching's side of one job (design event flow JobCreated -> Matching): announces a new job to the best-placed
/// workers, keeps the job's invitations, and turns the job's events into the reputations of the people in it and into
/// its workers' read-model entries. One consumer per job, the key of both of its streams.
/// </summary>
[ImplicitStreamSubscription(JobStreams.Lifecycle), ImplicitStreamSubscription(JobStreams.Applications), DomainPlacement(Domains.Matching)]
[CollectionAgeLimit(Minutes = ConsumerActivations.IdleMinutes)]
public sealed partial class JobMatchingGrain(
    [PersistentState("job-matching", Domains.Matching)] IPersistentState<JobMatchingState> state,
    JobClock clock,
    MatchingOptions options,
    SharedWorkerCells cells,
    SharedEmployerRecords employers,
    TimeProvider time)
    : IdempotentConsumerGrain<JobMatchingState>(state), IJobMatchingGrain
{
    private Guid JobId => Guid.Parse(this.GetPrimaryKeyString());

    public Task<Guid[]> Alerted() => Task.FromResult<Guid[]>([.. State.Alerted]);

    /// <summary>An event this ignores costs no state write: applications and their ends matter only for invited or accepted workers.</summary>
    protected override bool Accepts(DomainEvent domainEvent) => domainEvent.Payload switch
    {
        JobCreated or JobUpdated or ApplicationAccepted or WorkerNoShow or JobCompleted or ParticipantRated => true,
        ApplicationSubmitted e => State.Invitations.ContainsKey(e.WorkerId),
        ApplicationRejected e => State.Crew.Contains(e.WorkerId),
        ApplicationWithdrawn e => State.Crew.Contains(e.WorkerId),
        _ => false,
    };

    /// <summary>
    /// Every call here is idempotent (the inbox by notification id, a reputation by event id, a refresh by nature), as
    /// a handler run again after a failure requires.
    /// </summary>
    protected override async Task HandleAsync(DomainEvent domainEvent)
    {
        switch (domainEvent.Payload)
        {
            case JobCreated e:
                (State.EmployerId, State.StartsAt) = (e.EmployerId, e.Details.StartsAt);
                await AlertAsync(domainEvent, MatchFeatures.From(JobId, e.EmployerId, e.Details, employerRating: null));
                break;
            case JobUpdated e:
                State.StartsAt = e.Details.StartsAt;
                break;
            case ApplicationSubmitted e when State.Invitations.TryGetValue(e.WorkerId, out var invitation) && invitation.AnsweredAt is null:
                State.Invitations[e.WorkerId] = invitation with { AnsweredAt = domainEvent.OccurredAt };
                await Reputation(e.WorkerId).Record(
                    domainEvent.EventId, ReputationSignal.InvitationAnswered, (domainEvent.OccurredAt - invitation.InvitedAt).TotalMinutes);
                break;
            case ApplicationAccepted e:
                State.Crew.Add(e.WorkerId);
                await Profile(e.WorkerId).Refresh();
                break;
            case ApplicationRejected e:
                // Only crew members' rejections arrive here: the employer let go of a worker they had accepted, alone or
                // with the whole job. The job's end (started, completed) lets nobody down.
                if (State.Crew.Remove(e.WorkerId) && e.Reason is RejectionReasons.Employer or RejectionReasons.JobCancelled)
                {
                    await Reputation(await EmployerAsync()).Record(domainEvent.EventId, ReputationSignal.AcceptedShiftCancelled, 1);
                }

                await Profile(e.WorkerId).Refresh();
                break;
            case ApplicationWithdrawn e:
                if (State.Crew.Remove(e.WorkerId) && State.StartsAt is { } start
                    && start - domainEvent.OccurredAt < Interfaces.Matching.Reputation.LateCancellationWindow)
                {
                    await Reputation(e.WorkerId).Record(domainEvent.EventId, ReputationSignal.LateCancellation, 1);
                }

                await Profile(e.WorkerId).Refresh();
                break;
            case WorkerNoShow e:
                State.Crew.Remove(e.WorkerId);
                await Reputation(e.WorkerId).Record(domainEvent.EventId, ReputationSignal.NoShow, 1);
                break;
            case JobCompleted e:
                await Task.WhenAll(e.CompletedWorkers.Select(w => Reputation(w).Record(domainEvent.EventId, ReputationSignal.ShiftCompleted, 1)));
                if (e.CompletedWorkers.Length > 0)
                {
                    // The escrow pays at confirmation, so an employer pays late only by leaving the confirming to the platform.
                    await Reputation(await EmployerAsync()).Record(
                        domainEvent.EventId, e.Automatic ? ReputationSignal.PaidLate : ReputationSignal.PaidOnTime, e.CompletedWorkers.Length);
                }

                await Task.WhenAll(e.DisputedWorkers.Select(w => Profile(w).Refresh()));
                break;
            case ParticipantRated e:
                var asEmployer = e.Rating.SubjectId == await EmployerAsync();
                await Reputation(e.Rating.SubjectId).Record(
                    domainEvent.EventId, asEmployer ? ReputationSignal.RatedAsEmployer : ReputationSignal.Rated, e.Rating.Stars);
                break;
        }
    }

    public async Task<InviteResult> Invite(Guid employerId, Guid workerId)
    {
        var job = GrainFactory.Reference<IJobGrain>(JobId);
        if (await job.Get() is not { } view)
        {
            return Refused(InviteOutcome.NotFound);
        }

        if (view.EmployerId != employerId)
        {
            return Refused(InviteOutcome.NotOwner);
        }

        if (State.Invitations.TryGetValue(workerId, out var existing))
        {
            // Told again: if the first notification was lost with a failure, this is the retry (the inbox keeps one).
            await NotifyInvitedAsync(existing);
            return new InviteResult(InviteOutcome.Invited, existing, Created: false, []);
        }

        if (!JobMatchingRules.TakesWorkers(view, clock.UtcNow))
        {
            return Refused(InviteOutcome.Closed);
        }

        if (State.Invitations.Count >= JobInvitations.MaxPerJob)
        {
            return Refused(InviteOutcome.LimitReached);
        }

        if (await job.ApplicationOf(workerId) is not null)
        {
            return Refused(InviteOutcome.AlreadyApplied);
        }

        var broken = workerId == employerId
            ? [MatchRule.Blocked]
            : await Profile(workerId).RulesBrokenBy(MatchFeatures.From(JobId, view.EmployerId, view.Details, employerRating: null));
        if (broken is not [])
        {
            return new InviteResult(InviteOutcome.NotACandidate, null, false, broken ?? []);
        }

        var invitation = new JobInvitation(JobId, workerId, time.GetUtcNow(), null);
        State.Invitations[workerId] = invitation;
        State.EmployerId = employerId;
        await WriteStateAsync();
        await NotifyInvitedAsync(invitation);
        return new InviteResult(InviteOutcome.Invited, invitation, Created: true, []);
    }

    public async Task<JobInvitation[]?> Invitations(Guid employerId) =>
        await EmployerAsync() == employerId ? [.. State.Invitations.Values.OrderBy(i => i.InvitedAt)] : null;

    /// <summary>
    /// The best-placed workers hear of the job, as many as <see cref="MatchingOptions.NewJobAlertWorkers"/> of those who
    /// want these notifications and have not had the day's share: a worker who turned them off or reached the cap makes
    /// room for the next one, so spares are ranked too.
    /// </summary>
    private async Task AlertAsync(DomainEvent created, JobFeatures job)
    {
        var wanted = options.NewJobAlertWorkers - State.Alerted.Count;
        if (wanted <= 0 || job.StartsAt <= clock.UtcNow)
        {
            return;
        }

        // Ranked exactly as the job's candidates are, the employer's rating included (it moves every score alike, and so
        // where the spread's steps fall).
        job = job with { EmployerRating = (await employers.GetAsync())(job.EmployerId)?.AverageRating };
        var ranked = await new CandidateSearch(cells).TopAsync(job, 2 * options.NewJobAlertWorkers, new HashSet<Guid>(State.Alerted) { job.EmployerId });
        for (var next = 0; wanted > 0 && next < ranked.Count;)
        {
            var batch = ranked.Skip(next).Take(wanted).Select(w => w.Entry.WorkerId).ToList();
            next += batch.Count;
            var outcomes = await Task.WhenAll(batch.Select(worker => GrainFactory.Reference<INotificationInboxGrain>(worker).DeliverCapped(
                new NewNotification(JobInvitations.AlertId(JobId, worker), NotificationKinds.JobNearby, created.OccurredAt, JobId, job.EmployerId),
                options.NewJobAlertsPerWorkerPerDay)));
            for (var i = 0; i < batch.Count; i++)
            {
                if (outcomes[i] is CappedDelivery.Delivered or CappedDelivery.Repeat)
                {
                    State.Alerted.Add(batch[i]);
                    wanted--;
                }
            }
        }
    }

    private Task<bool> NotifyInvitedAsync(JobInvitation invitation) =>
        GrainFactory.Reference<INotificationInboxGrain>(invitation.WorkerId).Deliver(new NewNotification(
            JobInvitations.NotificationId(JobId, invitation.WorkerId), NotificationKinds.JobInvitation, invitation.InvitedAt, JobId, State.EmployerId));

    /// <summary>From the job's creation event, or from the job for one created before matching heard its events.</summary>
    private async Task<Guid> EmployerAsync()
    {
        if (State.EmployerId == Guid.Empty && await GrainFactory.Reference<IJobGrain>(JobId).Get() is { } view)
        {
            State.EmployerId = view.EmployerId;
        }

        return State.EmployerId;
    }

    private static InviteResult Refused(InviteOutcome outcome) => new(outcome, null, false, []);

    private IReputationGrain Reputation(Guid userId) => GrainFactory.Reference<IReputationGrain>(userId);

    private IMatchingProfileGrain Profile(Guid workerId) => GrainFactory.Reference<IMatchingProfileGrain>(workerId);
}
