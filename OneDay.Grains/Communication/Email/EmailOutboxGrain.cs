using Microsoft.Extensions.Logging;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Communication;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Communication.Email;

/// <summary>
/// A user's outgoing email: stored before anything is sent, sent by a timer after the call that queued it has
/// been answered, retried with back-off and dead-lettered after the limit. A reminder wakes the outbox while
/// anything waits, so a silo lost mid-retry delays an email but never loses it.
/// </summary>
[DomainPlacement(Domains.Communication)]
public sealed partial class EmailOutboxGrain(
    [PersistentState("email-outbox", Domains.Communication)] IPersistentState<EmailOutboxState> state,
    IEmailTransport transport,
    EmailComposer composer,
    EmailOptions options,
    CommunicationMetrics metrics,
    TimeProvider time,
    ILogger<EmailOutboxGrain> logger) : Grain, IEmailOutboxGrain, IRemindable
{
    private const string WakeReminder = "email-outbox";
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromMinutes(1);

    private IGrainTimer? _timer;
    /// <summary>Whether the wake reminder is registered; null until this activation knows.</summary>
    private bool? _reminderSet;

    private EmailOutboxState Outbox => state.State;

    private Guid UserId => this.GetPrimaryKey();

    private DateTimeOffset Now => time.GetUtcNow();

    public override Task OnActivateAsync(CancellationToken cancellationToken) => ArmAsync();

    public async Task<bool> Enqueue(OutgoingEmail email)
    {
        if (!Outbox.TryAdd(email, Now))
        {
            return false;
        }

        await state.WriteStateAsync();
        await ArmAsync();
        return true;
    }

    public Task<EmailOutboxStatus> Status() =>
        Task.FromResult(new EmailOutboxStatus(Outbox.Pending.Count, [.. Outbox.DeadLetters]));

    public async Task<bool> Redrive(Guid emailId)
    {
        if (Outbox.Revive(emailId, Now) is null)
        {
            return false;
        }

        await state.WriteStateAsync();
        await GrainFactory.Reference<IEmailDeadLettersGrain>(0).Remove(UserId, emailId);
        await ArmAsync();
        return true;
    }

    public async Task Clear()
    {
        await state.ClearStateAsync();
        state.State = new EmailOutboxState();
        await ArmAsync();
    }

    public Task ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status) => ArmAsync();

    private async Task SendDueAsync()
    {
        foreach (var pending in Outbox.Due(Now))
        {
            var dead = await TrySendAsync(pending.Email);
            await state.WriteStateAsync();
            if (dead is not null)
            {
                await ReportAsync(dead);
            }
        }

        await ArmAsync();
    }

    /// <summary>Sends one email and records the outcome in state; answers the dead letter when it gave up.</summary>
    private async Task<EmailDeadLetter?> TrySendAsync(OutgoingEmail email)
    {
        try
        {
            var recipient = await GrainFactory.Reference<IUserGrain>(UserId).GetPrivate();
            if (recipient is null || string.IsNullOrEmpty(recipient.Email))
            {
                LogDropped(email.Id, email.Kind, "the account is gone");
                Outbox.Remove(email.Id);
                return null;
            }

            if (!recipient.EmailVerified && !SentUnverified(email.Kind))
            {
                // An address nobody proved may be a stranger's typo: it hears of nothing but its own verification.
                LogDropped(email.Id, email.Kind, "the address is not verified");
                Outbox.Remove(email.Id);
                return null;
            }

            var title = email.JobId is { } jobId ? (await GrainFactory.Reference<IJobGrain>(jobId).Get())?.Details.Title : null;
            await transport.SendAsync(composer.Compose(UserId, email, recipient, title), CancellationToken.None);
            Outbox.Remove(email.Id);
            metrics.Email(CommunicationMetrics.EmailSent);
            return null;
        }
        catch (EmailRejectedException ex)
        {
            LogFailed(ex, email.Id, email.Kind);
            metrics.Email(CommunicationMetrics.EmailFailed);
            return Outbox.Fail(UserId, email.Id, ex.Message, permanent: true, Now, options.MaxAttempts, options.RetryDelay);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogFailed(ex, email.Id, email.Kind);
            metrics.Email(CommunicationMetrics.EmailFailed);
            return Outbox.Fail(UserId, email.Id, ex.Message, permanent: false, Now, options.MaxAttempts, options.RetryDelay);
        }
    }

    private static bool SentUnverified(string kind) => kind is EmailKinds.VerifyEmail or NotificationKinds.Welcome;

    private async Task ReportAsync(EmailDeadLetter dead)
    {
        LogDeadLettered(dead.Email.Id, dead.Email.Kind, dead.Attempts);
        metrics.Email(CommunicationMetrics.EmailDeadLettered);
        try
        {
            await GrainFactory.Reference<IEmailDeadLettersGrain>(0).Add(dead);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The outbox keeps its own copy; the cluster-wide list is for finding it.
            LogReportFailed(ex, dead.Email.Id);
        }
    }

    /// <summary>Points the timer at the next due email, and keeps the reminder exactly while something waits.</summary>
    private async Task ArmAsync()
    {
        if (Outbox.NextDueAt is not { } next)
        {
            _timer?.Dispose();
            _timer = null;
            if (_reminderSet != false && await this.GetReminder(WakeReminder) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }

            _reminderSet = false;
            return;
        }

        var dueIn = next - Now;
        dueIn = dueIn < TimeSpan.Zero ? TimeSpan.Zero : dueIn;
        if (_timer is null)
        {
            _timer = this.RegisterGrainTimer(_ => SendDueAsync(), new GrainTimerCreationOptions(dueIn, Timeout.InfiniteTimeSpan) { KeepAlive = true });
        }
        else
        {
            _timer.Change(dueIn, Timeout.InfiniteTimeSpan);
        }

        if (_reminderSet != true)
        {
            await this.RegisterOrUpdateReminder(WakeReminder, ReminderPeriod, ReminderPeriod);
            _reminderSet = true;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Email {EmailId} ({Kind}) was not sent: {Reason}")]
    private partial void LogDropped(Guid emailId, string kind, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Email {EmailId} ({Kind}) could not be sent")]
    private partial void LogFailed(Exception exception, Guid emailId, string kind);

    [LoggerMessage(Level = LogLevel.Error, Message = "Email {EmailId} ({Kind}) was dead-lettered after {Attempts} attempts")]
    private partial void LogDeadLettered(Guid emailId, string kind, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dead-lettered email {EmailId} could not be listed for operators")]
    private partial void LogReportFailed(Exception exception, Guid emailId);
}
