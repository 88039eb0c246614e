namespace OneDay.Grains.Interfaces.Security;

/// <summary>The append-only, hash-chained audit log (one chain for the cluster, key 0).</summary>
[Alias("oneday.security.audit-log")]
public interface IAuditLogGrain : IGrainWithIntegerKey
{
    [Alias("append")]
    Task<long> Append(AuditRecord record);

    /// <summary>
    /// <see cref="Append"/> for a record whose <see cref="AuditRecord.RecordId"/> was never offered to the log
    /// before, so the log need not look for a stored copy. A wrong promise cannot fork the chain: the store
    /// refuses a second row with the same id, and the record is then sent again through <see cref="Append"/>.
    /// </summary>
    [Alias("append-unsent")]
    Task<long> AppendUnsent(AuditRecord record);

    /// <summary>
    /// Several records in one call, each as <see cref="Append"/> or <see cref="AppendUnsent"/> would take it;
    /// answers their sequence numbers in order. A silo's audit outboxes send through one such call per batch
    /// instead of a call per record.
    /// </summary>
    [Alias("append-many")]
    Task<IReadOnlyList<long>> AppendMany(IReadOnlyList<AuditSubmission> submissions);

    [Alias("query")]
    Task<AuditPage> Query(AuditQuery query);

    [Alias("verify")]
    Task<AuditVerification> Verify();
}

/// <summary>A record for <see cref="IAuditLogGrain.AppendMany"/>; <paramref name="Unsent"/> as for <see cref="IAuditLogGrain.AppendUnsent"/>.</summary>
[GenerateSerializer, Immutable, Alias("oneday.security.audit-submission")]
public sealed record AuditSubmission([property: Id(0)] AuditRecord Record, [property: Id(1)] bool Unsent);

/// <summary>
/// What happened, before the log gives it a sequence number and a place in the chain. A record sent from a
/// grain's audit outbox carries a <see cref="RecordId"/>: the log stores each id once however often the
/// record is sent again.
/// </summary>
[GenerateSerializer, Immutable, Alias("oneday.security.audit-record")]
public sealed record AuditRecord(
    [property: Id(0)] string Action,
    [property: Id(1)] Guid? ActorId,
    [property: Id(2)] Guid? SubjectId,
    [property: Id(3)] string? IpAddress,
    [property: Id(4)] string Details,
    [property: Id(5)] DateTimeOffset OccurredAt,
    [property: Id(6)] Guid? RecordId = null);

/// <summary>
/// An entry as stored: <see cref="Hash"/> covers every other field, <see cref="PreviousHash"/> links the chain.
/// <see cref="SealVersion"/> says how the hash was made: 0, plain SHA-256 (entries sealed before migration
/// 0012); 1, HMAC-SHA256 under a key only silos hold, so whoever can write the table cannot re-hash it.
/// </summary>
[GenerateSerializer, Immutable, Alias("oneday.security.audit-entry")]
public sealed record AuditEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string Action,
    [property: Id(2)] Guid? ActorId,
    [property: Id(3)] Guid? SubjectId,
    [property: Id(4)] string? IpAddress,
    [property: Id(5)] string Details,
    [property: Id(6)] DateTimeOffset OccurredAt,
    [property: Id(7)] string PreviousHash,
    [property: Id(8)] string Hash,
    [property: Id(9)] Guid? RecordId = null,
    [property: Id(10)] int SealVersion = 0);

[GenerateSerializer, Immutable, Alias("oneday.security.audit-query")]
public sealed record AuditQuery(
    [property: Id(0)] Guid? UserId,
    [property: Id(1)] DateTimeOffset? From,
    [property: Id(2)] DateTimeOffset? To,
    [property: Id(3)] long? AfterSequence,
    [property: Id(4)] int Limit);

[GenerateSerializer, Immutable, Alias("oneday.security.audit-page")]
public sealed record AuditPage(
    [property: Id(0)] IReadOnlyList<AuditEntry> Entries,
    [property: Id(1)] long? NextAfterSequence);

/// <summary>
/// What verifying the chain found. <see cref="Status"/> is one of <see cref="AuditVerdicts"/>: ok; broken at
/// <see cref="FirstBrokenSequence"/> for <see cref="Reason"/> (one of <see cref="AuditBreaks"/>); or truncated:
/// the chain ends before the head pinned at <see cref="PinnedSequence"/>, and <see cref="FirstBrokenSequence"/>
/// is the first entry missing. <see cref="LastVerifiedSequence"/> is the last entry that verified (the chain's end
/// when it is ok); <see cref="KeyedFromSequence"/> is where keyed sealing began.
/// </summary>
[GenerateSerializer, Immutable, Alias("oneday.security.audit-verification")]
public sealed record AuditVerification(
    [property: Id(0)] bool Intact,
    [property: Id(1)] long EntriesChecked,
    [property: Id(2)] long? FirstBrokenSequence,
    [property: Id(3)] string? Problem,
    [property: Id(4)] string Status = AuditVerdicts.Ok,
    [property: Id(5)] string? Reason = null,
    [property: Id(6)] long? LastVerifiedSequence = null,
    [property: Id(7)] long? PinnedSequence = null,
    [property: Id(8)] long? KeyedFromSequence = null);

/// <summary>The verdicts of <see cref="IAuditLogGrain.Verify"/>; stable, clients and alerts match on them.</summary>
public static class AuditVerdicts
{
    public const string Ok = "ok";
    public const string Broken = "broken";
    public const string Truncated = "truncated";
}

/// <summary>Why a chain is broken; stable, clients and alerts match on them.</summary>
public static class AuditBreaks
{
    /// <summary>An entry's hash does not match its content (altered, or re-hashed without the silos' key).</summary>
    public const string HashMismatch = "hash-mismatch";

    /// <summary>An entry does not point back to the hash of the entry before it.</summary>
    public const string LinkMismatch = "link-mismatch";

    /// <summary>A sequence number is missing between two entries.</summary>
    public const string MissingEntry = "missing-entry";

    /// <summary>The pinned head fails its MAC: it was written by someone without the silos' key.</summary>
    public const string HeadMismatch = "head-mismatch";

    /// <summary>Keyed entries exist but the pinned head was removed, so a cut end could not be seen.</summary>
    public const string HeadMissing = "head-missing";
}

/// <summary>Stable action names; clients and reports filter on them.</summary>
public static class AuditActions
{
    public const string Registered = "user.registered";
    public const string ProfileUpdated = "user.profile-updated";
    public const string RoleGranted = "user.role-granted";
    public const string EmailVerified = "user.email-verified";
    public const string DataExported = "user.data-exported";
    public const string Erased = "user.erased";
    public const string LoginSucceeded = "login.succeeded";
    public const string LoginFailed = "login.failed";
    public const string LockedOut = "login.locked-out";
    public const string TokenRefreshed = "token.refreshed";
    public const string TokenReused = "token.reused";
    public const string SessionRevoked = "session.revoked";
    public const string DisputeResolved = "payments.dispute-resolved";
    public const string BalanceAdjusted = "payments.balance-adjusted";
}
