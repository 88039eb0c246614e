using OneDay.Grains.Interfaces.Eventing;
using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Security;

namespace OneDay.Grains.Users;

[GenerateSerializer, Alias("oneday.users.user-state")]
public sealed class UserState
{
    [Id(0)] public bool Exists { get; set; }

    [Id(1)] public bool Erased { get; set; }

    [Id(2)] public string Email { get; set; } = string.Empty;

    [Id(3)] public string DisplayName { get; set; } = string.Empty;

    [Id(4)] public string? Phone { get; set; }

    [Id(5)] public List<UserRole> Roles { get; set; } = [];

    [Id(6)] public WorkerProfile Worker { get; set; } = WorkerProfile.Empty;

    [Id(7)] public EmployerProfile Employer { get; set; } = EmployerProfile.Empty;

    [Id(8)] public long Points { get; set; }

    [Id(9)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Bumped by every change the owner can see; the profile's ETag.</summary>
    [Id(10)] public long Version { get; set; }

    /// <summary>The last payment events credited, so a redelivered one is not credited twice.</summary>
    [Id(11)] public List<Guid> CreditedEvents { get; set; } = [];

    [Id(12)] public EventOutbox Outbox { get; set; } = new();

    /// <summary>Audit records written with the change they describe, on their way to the audit log.</summary>
    [Id(13)] public AuditOutbox AuditOutbox { get; set; } = new();

    /// <summary>The language OneDay writes to this user in (<see cref="Languages"/>).</summary>
    [Id(14)] public string Language { get; set; } = Languages.Default;

    /// <summary>When the address was proven to be the user's, by its link; null until then.</summary>
    [Id(15)] public DateTimeOffset? EmailVerifiedAt { get; set; }

    /// <summary>When the last verification link was asked for, to space out resends.</summary>
    [Id(16)] public DateTimeOffset? VerificationRequestedAt { get; set; }
}
