namespace OneDay.Grains.Interfaces.Users;

/// <summary>
/// A registration as the client sent it: any field may be missing or wrong, and the users domain's rules say
/// which (each by its JSON name) before anything is registered.
/// </summary>
/// <param name="Role">The name of the role asked for: "worker" or "employer".</param>
[GenerateSerializer, Immutable, Alias("oneday.users.registration-form")]
public sealed record RegistrationForm(
    [property: Id(0)] string? Email,
    [property: Id(1)] string? Password,
    [property: Id(2)] string? DisplayName,
    [property: Id(3)] string? Phone,
    [property: Id(4)] string? Role,
    [property: Id(5)] CallerInfo Caller,
    [property: Id(6)] string? Language = null);

/// <summary>
/// A profile edit as the client sent it (PUT semantics: absent sections are emptied). An absent language keeps
/// the one set: it is a setting, and a client that predates it must not reset it.
/// </summary>
[GenerateSerializer, Immutable, Alias("oneday.users.profile-form")]
public sealed record ProfileForm(
    [property: Id(0)] string? DisplayName,
    [property: Id(1)] string? Phone,
    [property: Id(2)] WorkerProfileForm? Worker,
    [property: Id(3)] EmployerProfileForm? Employer,
    [property: Id(4)] string? Language = null);

[GenerateSerializer, Immutable, Alias("oneday.users.worker-profile-form")]
public sealed record WorkerProfileForm(
    [property: Id(0)] string?[]? Skills,
    [property: Id(1)] string?[]? PreferredCategories,
    [property: Id(2)] string? HomeArea,
    [property: Id(3)] string? Bio);

[GenerateSerializer, Immutable, Alias("oneday.users.employer-profile-form")]
public sealed record EmployerProfileForm(
    [property: Id(0)] string? BusinessName,
    [property: Id(1)] string? RegistrationNumber,
    [property: Id(2)] string? Address);

/// <summary>A registration the users rules accepted: trimmed, the email normalized, the role one a person may choose.</summary>
[GenerateSerializer, Immutable, Alias("oneday.users.registration")]
public sealed record Registration(
    [property: Id(0)] string Email,
    [property: Id(1)] string Password,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string? Phone,
    [property: Id(4)] UserRole Role,
    [property: Id(5)] CallerInfo Caller,
    [property: Id(6)] string Language = Languages.Default);

/// <summary>The full replacement of a profile's editable fields (PUT semantics), as the users rules accepted it.</summary>
[GenerateSerializer, Immutable, Alias("oneday.users.profile-update")]
public sealed record ProfileUpdate(
    [property: Id(0)] string DisplayName,
    [property: Id(1)] string? Phone,
    [property: Id(2)] WorkerProfile? Worker,
    [property: Id(3)] EmployerProfile? Employer,
    [property: Id(4)] string? Language = null);

/// <summary>Who asked, from where: for the audit log and session lists, never for decisions.</summary>
[GenerateSerializer, Immutable, Alias("oneday.caller-info")]
public sealed record CallerInfo(
    [property: Id(0)] string? IpAddress,
    [property: Id(1)] string? UserAgent,
    [property: Id(2)] string? CorrelationId)
{
    public static CallerInfo None { get; } = new(null, null, null);
}
