using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Security;
using OneDay.Grains.Interfaces.Users;

namespace OneDay.Grains.Security;

/// <summary>How grains write to the audit log: awaited, so an action is not acknowledged before it is recorded.</summary>
public static class AuditTrail
{
    public static Task<long> AuditAsync(
        this IGrainFactory grains, string action, Guid? actor, Guid? subject, CallerInfo caller, string details, DateTimeOffset now) =>
        grains.Reference<IAuditLogGrain>(0).Append(new AuditRecord(action, actor, subject, caller.IpAddress, details, now));
}
