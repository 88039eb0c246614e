using OneDay.Grains.Eventing;
using OneDay.Grains.Interfaces.Communication;

namespace OneDay.Grains.Communication.Email;

/// <summary>An email waiting for its next try.</summary>
[GenerateSerializer, Immutable, Alias("oneday.communication.pending-email")]
public sealed record PendingEmail(
    [property: Id(0)] OutgoingEmail Email,
    [property: Id(1)] int Failures,
    [property: Id(2)] DateTimeOffset DueAt,
    [property: Id(3)] string? LastError);

/// <summary>One user's outbox and its rules, apart from the grain so they are tested without a silo.</summary>
[GenerateSerializer, Alias("oneday.communication.email-outbox-state")]
public sealed class EmailOutboxState
{
    /// <summary>Dead letters a user's outbox keeps; the oldest go first (the cluster-wide list keeps its own).</summary>
    public const int DeadLetterCapacity = 50;

    /// <summary>Oldest first.</summary>
    [Id(0)] public List<PendingEmail> Pending { get; set; } = [];

    /// <summary>Every id ever queued (within the window): an email is sent once however often it is queued.</summary>
    [Id(1)] public ProcessedEventWindow Queued { get; set; } = new();

    [Id(2)] public List<EmailDeadLetter> DeadLetters { get; set; } = [];

    public DateTimeOffset? NextDueAt => Pending.Count == 0 ? null : Pending.Min(p => p.DueAt);

    public bool TryAdd(OutgoingEmail email, DateTimeOffset now)
    {
        if (Queued.Contains(email.Id))
        {
            return false;
        }

        Queued.Add(email.Id);
        Pending.Add(new PendingEmail(email, 0, now, null));
        return true;
    }

    public IReadOnlyList<PendingEmail> Due(DateTimeOffset now) => [.. Pending.Where(p => p.DueAt <= now)];

    /// <summary>Sent, or dropped for good (the account is gone): it leaves the outbox.</summary>
    public void Remove(Guid emailId) => Pending.RemoveAll(p => p.Email.Id == emailId);

    /// <summary>
    /// Schedules the next try after <paramref name="retryDelay"/>, or answers the dead letter when this failure
    /// was the last allowed (or <paramref name="permanent"/>).
    /// </summary>
    public EmailDeadLetter? Fail(Guid userId, Guid emailId, string error, bool permanent, DateTimeOffset now, int maxAttempts, Func<int, TimeSpan> retryDelay)
    {
        var index = Pending.FindIndex(p => p.Email.Id == emailId);
        if (index < 0)
        {
            return null;
        }

        var failures = Pending[index].Failures + 1;
        if (!permanent && failures < maxAttempts)
        {
            Pending[index] = Pending[index] with { Failures = failures, DueAt = now + retryDelay(failures), LastError = error };
            return null;
        }

        var dead = new EmailDeadLetter(userId, Pending[index].Email, failures, error, now);
        Pending.RemoveAt(index);
        DeadLetters.Add(dead);
        if (DeadLetters.Count > DeadLetterCapacity)
        {
            DeadLetters.RemoveRange(0, DeadLetters.Count - DeadLetterCapacity);
        }

        return dead;
    }

    /// <summary>Queues a dead letter again from a fresh count; null when there is none with that id.</summary>
    public EmailDeadLetter? Revive(Guid emailId, DateTimeOffset now)
    {
        var index = DeadLetters.FindIndex(d => d.Email.Id == emailId);
        if (index < 0)
        {
            return null;
        }

        var dead = DeadLetters[index];
        DeadLetters.RemoveAt(index);
        Pending.Add(new PendingEmail(dead.Email, 0, now, null));
        return dead;
    }
}
