using OneDay.Grains.Interfaces.Security;

namespace OneDay.Grains.Security;

/// <summary>
/// Where audit entries live: a PostgreSQL table in cluster mode (rows an operator can inspect, and that
/// <see cref="AuditLogGrain"/> verifies), memory in embedded mode. The pinned head lives beside them.
/// </summary>
public interface IAuditStore
{
    Task<AuditEntry?> LastAsync(CancellationToken cancellationToken);

    /// <summary>The pinned head, or null before the first keyed entry (or when someone removed it).</summary>
    Task<AuditHead?> HeadAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores consecutive entries atomically (all or none), and with them <paramref name="head"/> unless it is null.
    /// Fails when a sequence number is taken, so two writers can never fork the chain. The head only moves
    /// forward: one older than the stored head is ignored.
    /// </summary>
    Task AppendAsync(IReadOnlyList<AuditEntry> entries, AuditHead? head, CancellationToken cancellationToken);

    /// <summary>The sequence numbers of those of <paramref name="recordIds"/> already stored.</summary>
    Task<IReadOnlyDictionary<Guid, long>> FindRecordsAsync(IReadOnlyCollection<Guid> recordIds, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>Every entry in sequence order.</summary>
    IAsyncEnumerable<AuditEntry> ReadAllAsync(CancellationToken cancellationToken);
}
