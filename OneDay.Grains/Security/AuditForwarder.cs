using OneDay.Grains.Batching;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Security;

namespace OneDay.Grains.Security;

/// <summary>
/// Carries a silo's audit outbox records to the audit log in batches: records that arrive while a call is
/// under way go together in the next <see cref="IAuditLogGrain.AppendMany"/>. A call per record was, on a
/// profile edit, one more grain message each way for every edit, and the log seals a whole batch per write
/// anyway. A record's task completes once the log has stored it.
/// </summary>
public sealed class AuditForwarder : IAsyncDisposable
{
    // The log's own batch limit, so one call is one write.
    private const int MaxBatch = AuditLogGrain.MaxBatch;
    private const int MaxWaiting = 20 * MaxBatch;

    private readonly GroupCommitWriter<AuditSubmission> _writer;

    public AuditForwarder(IGrainFactory grains) =>
        _writer = new GroupCommitWriter<AuditSubmission>(
            batch => grains.Reference<IAuditLogGrain>(0).AppendMany(batch), MaxBatch, MaxWaiting, name: "audit log");

    public Task SendAsync(AuditSubmission submission) => _writer.WriteAsync(submission);

    /// <summary>Sends what is queued, then refuses more (what is refused stays in its grain's outbox).</summary>
    public ValueTask DisposeAsync() => _writer.DisposeAsync();
}
