namespace OneDay.Grains.Interfaces.Communication;

/// <summary>
/// One user's outgoing email (key = user id), on the communication silos. An email is stored here before it is
/// sent, sent in the background, retried with back-off and dead-lettered after the limit.
/// </summary>
[Alias("oneday.communication.IEmailOutboxGrain")]
public interface IEmailOutboxGrain : IGrainWithGuidKey
{
    /// <summary>Stores the email for sending unless one with its id came before; true when stored.</summary>
    [Alias("enqueue")]
    Task<bool> Enqueue(OutgoingEmail email);

    [Alias("status")]
    Task<EmailOutboxStatus> Status();

    /// <summary>Sends a dead-lettered email again, from a fresh count of attempts; false when there is none with that id.</summary>
    [Alias("redrive")]
    Task<bool> Redrive(Guid emailId);

    /// <summary>Forgets everything, on the user's erasure: nothing more is sent.</summary>
    [Alias("clear")]
    Task Clear();
}

/// <summary>
/// The cluster's list of emails given up on (key 0), for operators: each outbox reports here, so dead letters are
/// found without visiting every user's outbox.
/// </summary>
[Alias("oneday.communication.IEmailDeadLettersGrain")]
public interface IEmailDeadLettersGrain : IGrainWithIntegerKey
{
    [Alias("add")]
    Task Add(EmailDeadLetter deadLetter);

    [Alias("remove")]
    Task Remove(Guid userId, Guid emailId);

    /// <summary>Newest first.</summary>
    [Alias("list")]
    Task<IReadOnlyList<EmailDeadLetter>> List(int limit);
}
