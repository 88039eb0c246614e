namespace OneDay.Grains.Interfaces.Matching;

[GenerateSerializer, Immutable, Alias("oneday.matching.invitation")]
public sealed record JobInvitation(
    [property: Id(0)] Guid JobId,
    [property: Id(1)] Guid WorkerId,
    [property: Id(2)] DateTimeOffset InvitedAt,
    [property: Id(3)] DateTimeOffset? AnsweredAt);

[GenerateSerializer, Alias("oneday.matching.invite-outcome")]
public enum InviteOutcome
{
    Invited = 0,
    NotFound = 1,
    NotOwner = 2,

    /// <summary>The job takes no more workers.</summary>
    Closed = 3,

    /// <summary>The worker has no matching profile, or breaks a hard rule for this job (blocked, busy, out of reach...).</summary>
    NotACandidate = 4,

    /// <summary>They applied already: there is nothing to invite them to.</summary>
    AlreadyApplied = 5,

    /// <summary>The job has sent <see cref="JobInvitations.MaxPerJob"/> invitations.</summary>
    LimitReached = 6,
}

/// <param name="Created">False when the worker was invited before: the same invitation, nobody told twice.</param>
/// <param name="Broken">For <see cref="InviteOutcome.NotACandidate"/>, the hard rules the worker breaks.</param>
[GenerateSerializer, Immutable, Alias("oneday.matching.invite-result")]
public sealed record InviteResult(
    [property: Id(0)] InviteOutcome Outcome,
    [property: Id(1)] JobInvitation? Invitation,
    [property: Id(2)] bool Created,
    [property: Id(3)] IReadOnlyList<MatchRule> Broken);

public static class JobInvitations
{
    /// <summary>Invitations are a nudge, not a broadcast: a job that needs more people is posted to everyone anyway.</summary>
    public const int MaxPerJob = 100;

    /// <summary>The invitation's notification: one per job and worker, however often the employer presses the button.</summary>
    public static Guid NotificationId(Guid jobId, Guid workerId) => Derive($"job-invitation|{jobId:N}|{workerId:N}");

    /// <summary>The "new job near you" notification: at most one per job and worker.</summary>
    public static Guid AlertId(Guid jobId, Guid workerId) => Derive($"job-nearby|{jobId:N}|{workerId:N}");

    private static Guid Derive(string name) =>
        new(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("matching|" + name)).AsSpan(0, 16));
}

/// <summary>
/// Matching's side of one job (key = the job id as a string, the jobs stream's key): it hears the job's events (the
/// new-job alerts, the workers' read model and reputations follow from them) and keeps the job's invitations.
/// </summary>
[Alias("oneday.matching.IJobMatchingGrain")]
public interface IJobMatchingGrain : IGrainWithStringKey
{
    /// <summary>Invites the worker and notifies them; idempotent per worker.</summary>
    [Alias("invite")]
    Task<InviteResult> Invite(Guid employerId, Guid workerId);

    /// <summary>Null when the caller is not the job's employer (or there is no such job).</summary>
    [Alias("invitations")]
    Task<JobInvitation[]?> Invitations(Guid employerId);

    /// <summary>The workers told of the job as new near them, in the order they were told.</summary>
    [Alias("alerted")]
    Task<Guid[]> Alerted();
}
