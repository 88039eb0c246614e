using OneDay.Grains.Interfaces.Security;

namespace OneDay.Grains.Security;

/// <summary>
/// Where audit entries live: a PostgreSQL table in cluster mode (rows an operator can inspect, and that
/// <see cref="AuditLogGrain"/> verifies), memory in embedded mode.
/// </summary>
public interface IAuditStore
{
    Task<AuditEntry?> LastAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores consecutive entries atomically (all or none). Fails when a sequence number is taken, so two
    /// writers can never fork the chain.
    /// </summary>
    Task AppendAsync(IReadOnlyList<AuditEntry> entries, CancellationToken cancellationToken);

    /// <summary>The sequence numbers of those of <paramref name="recordIds"/> already stored.</summary>
    Task<IReadOnlyDictionary<Guid, long>> FindRecordsAsync(IReadOnlyCollection<Guid> recordIds, CancellationToken cancellationToken);

    Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery query, CancellationToken cancellationToken);

    /// <summary>Every entry in sequence order.</summary>
    IAsyncEnumerable<AuditEntry> ReadAllAsync(CancellationToken cancellationToken);
}
