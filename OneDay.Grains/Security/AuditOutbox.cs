using Microsoft.Extensions.Logging;
using OneDay.Grains.Eventing;
using OneDay.Grains.Interfaces.Security;

namespace OneDay.Grains.Security;

/// <summary>
/// Audit records a grain keeps in its own state, so that an action and its audit record are stored by the
/// same write: the action costs one durable write instead of two in a row, and it is never acknowledged
/// without its record, nor recorded without having happened. <see cref="AuditOutboxDelivery"/> moves them to
/// the chain afterwards. For frequent, low-risk actions (profile edits); sign-ins, role changes, exports and
/// erasure are still appended before they are acknowledged.
/// </summary>
[GenerateSerializer, Alias("oneday.security.audit-outbox")]
public sealed class AuditOutbox
{
    // Ids this activation added and has not offered to the log yet: the log cannot hold those, so it need not
    // look them up. Not stored: a record read back from storage may have been sent by an earlier activation.
    [NonSerialized]
    private HashSet<Guid>? _unsent;

    [Id(0)] public List<AuditRecord> Pending { get; set; } = [];

    /// <summary>Gives the record its id, which lets the log ignore the copies a resend produces.</summary>
    public void Add(AuditRecord record)
    {
        // Time-ordered, like event ids, so the log's unique index on it takes each insert at its right edge.
        var id = Guid.CreateVersion7();
        Pending.Add(record with { RecordId = id });
        (_unsent ??= []).Add(id);
    }

    /// <summary>True the first time a record added by this activation is about to be sent; false ever after.</summary>
    public bool TakeUnsent(AuditRecord record) => record.RecordId is { } id && _unsent?.Remove(id) == true;
}

/// <summary>
/// Sends a grain's <see cref="AuditOutbox"/> to the audit log in the background, through the silo's
/// <see cref="AuditForwarder"/>; see <see cref="OutboxSender"/>.
/// </summary>
public static partial class AuditOutboxDelivery
{
    /// <summary>
    /// What the log acknowledged leaves the outbox in memory; storage keeps its copy until the grain's next
    /// write, so a reactivation sends it again and the log, knowing the id, stores nothing new.
    /// </summary>
    public static OutboxSender AuditSender(this Grain grain, AuditForwarder forwarder, Func<AuditOutbox> outbox, ILogger logger) =>
        new(grain, () => outbox().Pending.Count > 0, async () =>
        {
            var next = outbox().Pending[0];
            try
            {
                // A failed first send may still have been stored, so every later try lets the log check.
                await forwarder.SendAsync(new AuditSubmission(next, Unsent: outbox().TakeUnsent(next)));
            }
            catch (Exception ex)
            {
                LogSendFailed(logger, ex, next.Action);
                return false;
            }

            outbox().Pending.RemoveAll(r => r.RecordId == next.RecordId);
            return true;
        });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Audit record {Action} could not reach the audit log; it stays in the outbox and is retried")]
    private static partial void LogSendFailed(ILogger logger, Exception exception, string action);
}
