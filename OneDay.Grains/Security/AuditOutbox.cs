using Microsoft.Extensions.Logging;
using OneDay.Grains.Infrastructure.Events;
using OneDay.Grains.Interfaces.Security;

namespace OneDay.Grains.Security;

/// <summary>
/// Audit records a grain keeps in its own state, so that an action and its audit record are stored by the
/// same write: the action costs one durable write instead of two in a row, and it is never acknowledged
/// without its record, nor recorded without having happened. <see cref="AuditOutboxSender"/> moves them to
/// the chain afterwards. For frequent, low-risk actions (profile edits); sign-ins, role changes, exports and
/// erasure are still appended before they are acknowledged.
/// </summary>
[GenerateSerializer, Alias("oneday.security.audit-outbox")]
public sealed class AuditOutbox
{
    [Id(0)] public List<AuditRecord> Pending { get; set; } = [];

    /// <summary>Gives the record its id, which lets the log ignore the copies a resend produces.</summary>
    public void Add(AuditRecord record) => Pending.Add(record with { RecordId = Guid.NewGuid() });
}

/// <summary>
/// Sends one activation's <see cref="AuditOutbox"/> to the audit log, oldest first and one send at a time.
/// What the log acknowledged leaves the outbox in memory; storage keeps its copy until the grain's next
/// write, so a reactivation sends it again and the log, knowing the id, stores nothing new. When the log
/// cannot be reached, a grain timer (not interleaved with the grain's calls) retries with backoff.
/// </summary>
public sealed partial class AuditOutboxSender(Grain grain, IGrainFactory grains, Func<AuditOutbox> outbox, ILogger logger)
{
    private Task? _sending;
    private IGrainTimer? _retry;
    private int _failures;

    /// <summary>
    /// Starts sending what is pending, or joins the send under way (which also takes records added since).
    /// Never throws: the task completes once the outbox is empty or a retry is scheduled.
    /// </summary>
    public Task SendAsync()
    {
        if (_sending is { IsCompleted: false } running)
        {
            return running;
        }

        _sending = outbox().Pending.Count == 0 ? Task.CompletedTask : SendPendingAsync();
        return _sending;
    }

    private async Task SendPendingAsync()
    {
        var log = grains.GetGrain<IAuditLogGrain>(0);
        while (outbox().Pending is [var next, ..])
        {
            try
            {
                await log.Append(next);
            }
            catch (Exception ex)
            {
                LogSendFailed(logger, ex, next.Action, _failures + 1);
                ScheduleRetry();
                return;
            }

            outbox().Pending.RemoveAll(r => r.RecordId == next.RecordId);
        }

        _failures = 0;
        _retry?.Dispose();
        _retry = null;
    }

    private void ScheduleRetry()
    {
        var delay = OutboxRetry.Delay(_failures++);
        if (_retry is not null)
        {
            _retry.Change(delay, delay);
            return;
        }

        try
        {
            _retry = grain.RegisterGrainTimer(_ => SendAsync(), delay, delay);
        }
        catch (InvalidOperationException)
        {
            // The activation is going away: its storage still holds the records, and the next one sends them.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit record {Action} could not reach the audit log (attempt {Attempt}); it stays in the outbox and is retried")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string action, int attempt);
}
