namespace OneDay.Grains.Interfaces.Users;

/// <summary>What the account holder sees about themselves. <see cref="Version"/> is the ETag.</summary>
[GenerateSerializer, Immutable, Alias("oneday.users.private-view")]
public sealed record UserPrivateView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string Email,
    [property: Id(2)] string DisplayName,
    [property: Id(3)] string? Phone,
    [property: Id(4)] IReadOnlyList<UserRole> Roles,
    [property: Id(5)] WorkerProfile Worker,
    [property: Id(6)] EmployerProfile Employer,
    [property: Id(7)] long Points,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] long Version,
    [property: Id(10)] string Language = Languages.Default,
    [property: Id(11)] bool EmailVerified = false);

/// <summary>What any signed-in user may see: no email, phone, registration number or points.</summary>
[GenerateSerializer, Immutable, Alias("oneday.users.public-view")]
public sealed record UserPublicView(
    [property: Id(0)] Guid Id,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] IReadOnlyList<UserRole> Roles,
    [property: Id(3)] IReadOnlyList<string> Skills,
    [property: Id(4)] IReadOnlyList<string> PreferredCategories,
    [property: Id(5)] string? HomeArea,
    [property: Id(6)] string? Bio,
    [property: Id(7)] string? BusinessName,
    [property: Id(8)] DateTimeOffset MemberSince);

[GenerateSerializer, Alias("oneday.users.registration-outcome")]
public enum RegistrationOutcome
{
    Registered = 0,
    EmailTaken = 1,
    /// <summary>The form broke the users rules (see the errors); nothing was registered.</summary>
    Invalid = 2,
}

[GenerateSerializer, Immutable, Alias("oneday.users.registration-result")]
public sealed record RegistrationResult(
    [property: Id(0)] RegistrationOutcome Outcome,
    [property: Id(1)] UserPrivateView? User,
    [property: Id(2)] FieldError[] Errors)
{
    public static RegistrationResult Taken { get; } = new(RegistrationOutcome.EmailTaken, null, []);

    public static RegistrationResult Registered(UserPrivateView user) => new(RegistrationOutcome.Registered, user, []);

    public static RegistrationResult Invalid(FieldError[] errors) => new(RegistrationOutcome.Invalid, null, errors);
}

[GenerateSerializer, Alias("oneday.users.update-outcome")]
public enum UpdateOutcome
{
    Updated = 0,
    NotFound = 1,
    VersionMismatch = 2,
    /// <summary>The form broke the users rules (see the errors); nothing changed.</summary>
    Invalid = 3,
}

[GenerateSerializer, Immutable, Alias("oneday.users.update-result")]
public sealed record ProfileUpdateResult(
    [property: Id(0)] UpdateOutcome Outcome,
    [property: Id(1)] UserPrivateView? User,
    [property: Id(2)] FieldError[] Errors)
{
    public static ProfileUpdateResult NotFound { get; } = new(UpdateOutcome.NotFound, null, []);

    public static ProfileUpdateResult Updated(UserPrivateView user) => new(UpdateOutcome.Updated, user, []);

    /// <summary>Carries the current profile, whose version the editor needs to try again.</summary>
    public static ProfileUpdateResult VersionMismatch(UserPrivateView current) => new(UpdateOutcome.VersionMismatch, current, []);

    public static ProfileUpdateResult Invalid(FieldError[] errors) => new(UpdateOutcome.Invalid, null, errors);
}

[GenerateSerializer, Alias("oneday.users.role-grant-outcome")]
public enum RoleGrantOutcome
{
    /// <summary>The user holds the role now (whether or not they did before).</summary>
    Granted = 0,
    NotFound = 1,
    /// <summary>No such role (see the errors); nothing changed.</summary>
    Invalid = 2,
}

[GenerateSerializer, Immutable, Alias("oneday.users.role-grant-result")]
public sealed record RoleGrantResult(
    [property: Id(0)] RoleGrantOutcome Outcome,
    [property: Id(1)] UserPrivateView? User,
    [property: Id(2)] FieldError[] Errors)
{
    public static RoleGrantResult NotFound { get; } = new(RoleGrantOutcome.NotFound, null, []);

    public static RoleGrantResult Granted(UserPrivateView user) => new(RoleGrantOutcome.Granted, user, []);

    public static RoleGrantResult Invalid(FieldError[] errors) => new(RoleGrantOutcome.Invalid, null, errors);
}

/// <summary>Everything OneDay holds about a person (GDPR/PIPA access request), from every domain.</summary>
/// <param name="Jobs">The jobs they posted as an employer.</param>
/// <param name="Applications">Their applications as a worker, whatever became of them.</param>
/// <param name="RatingsGiven">Ratings they gave, on any job.</param>
/// <param name="RatingsReceived">Ratings others gave them.</param>
[GenerateSerializer, Immutable, Alias("oneday.users.export")]
public sealed record UserDataExport(
    [property: Id(0)] UserPrivateView Profile,
    [property: Id(1)] IReadOnlyList<Security.SessionView> Sessions,
    [property: Id(2)] IReadOnlyList<Security.AuditEntry> AuditTrail,
    [property: Id(3)] DateTimeOffset ExportedAt,
    [property: Id(4)] IReadOnlyList<Jobs.JobView> Jobs,
    [property: Id(5)] IReadOnlyList<Jobs.ApplicationView> Applications,
    [property: Id(6)] WorkerScheduleView Schedule,
    [property: Id(7)] IReadOnlyList<Jobs.RatingView> RatingsGiven,
    [property: Id(8)] IReadOnlyList<Jobs.RatingView> RatingsReceived);
