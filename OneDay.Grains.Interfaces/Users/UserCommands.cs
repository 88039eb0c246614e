namespace OneDay.Grains.Interfaces.Users;

/// <summary>A registration as the gateway validated it; the email is already normalized.</summary>
[GenerateSerializer, Immutable, Alias("oneday.users.registration")]
public sealed record Registration(
    [property: Id(0)] string Email,
    [property: Id(1)] string Password,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string? Phone,
    [property: Id(4)] UserRole Role,
    [property: Id(5)] CallerInfo Caller);

/// <summary>The full replacement of a profile's editable fields (PUT semantics).</summary>
[GenerateSerializer, Immutable, Alias("oneday.users.profile-update")]
public sealed record ProfileUpdate(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] string? Phone,
    [property: Id(2)] WorkerProfile? Worker,
    [property: Id(3)] EmployerProfile? Employer);

/// <summary>Who asked, from where: for the audit log and session lists, never for decisions.</summary>
[GenerateSerializer, Immutable, Alias("oneday.caller-info")]
public sealed record CallerInfo(
    [property: Id(0)] string? IpAddress,
    [property: Id(1)] string? UserAgent,
    [property: Id(2)] string? CorrelationId)
{
    public static CallerInfo None { get; } = new(null, null, null);
}
