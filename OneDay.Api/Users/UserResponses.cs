using OneDay.Api.Jobs;
using OneDay.Grains.Interfaces.Jobs;
using OneDay.Grains.Interfaces.Security;
using OneDay.Grains.Interfaces.Users;

namespace OneDay.Api.Users;

public sealed record WorkerProfileResponse(IReadOnlyList<string> Skills, IReadOnlyList<string> PreferredCategories, string? HomeArea, string? Bio);

public sealed record EmployerProfileResponse(string? BusinessName, string? RegistrationNumber, string? Address);

/// <param name="Language">"ko" or "en": the language of my emails.</param>
/// <param name="EmailVerified">Whether I opened the verification link sent to my address; until then only it and the welcome are emailed.</param>
public sealed record MeResponse(
    Guid Id, string Email, string DisplayName, string? Phone, IReadOnlyList<string> Roles,
    WorkerProfileResponse Worker, EmployerProfileResponse Employer, long Points, DateTimeOffset CreatedAt, long Version,
    string Language, bool EmailVerified);

public sealed record PublicUserResponse(
    Guid Id, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<string> Skills,
    IReadOnlyList<string> PreferredCategories, string? HomeArea, string? Bio, string? BusinessName, DateTimeOffset MemberSince);

/// <summary>GET /api/users/me/export: everything held about me, in every domain.</summary>
public sealed record UserExportResponse(
    MeResponse Profile, IReadOnlyList<SessionView> Sessions, IReadOnlyList<AuditEntry> AuditTrail,
    IReadOnlyList<JobResponse> Jobs, IReadOnlyList<ApplicationResponse> Applications, WorkerScheduleView Schedule,
    IReadOnlyList<RatingView> RatingsGiven, IReadOnlyList<RatingView> RatingsReceived, DateTimeOffset ExportedAt);

public sealed record UserRolesResponse(Guid Id, IReadOnlyList<string> Roles);

public static class UserResponses
{
    public static MeResponse ToResponse(this UserPrivateView v) => new(
        v.Id, v.Email, v.DisplayName, v.Phone, Names(v.Roles),
        new WorkerProfileResponse(v.Worker.Skills, v.Worker.PreferredCategories, v.Worker.HomeArea, v.Worker.Bio),
        new EmployerProfileResponse(v.Employer.BusinessName, v.Employer.RegistrationNumber, v.Employer.Address),
        v.Points, v.CreatedAt, v.Version, v.Language, v.EmailVerified);

    public static PublicUserResponse ToResponse(this UserPublicView v) => new(
        v.Id, v.DisplayName, Names(v.Roles), v.Skills, v.PreferredCategories, v.HomeArea, v.Bio, v.BusinessName, v.MemberSince);

    public static string[] Names(IEnumerable<UserRole> roles) => [.. roles.Select(r => r.Name())];
}
