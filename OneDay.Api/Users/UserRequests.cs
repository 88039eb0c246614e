using OneDay.Grains.Interfaces.Users;

namespace OneDay.Api.Users;

// The JSON shapes of the users endpoints. Every field is nullable so that a missing one is reported by name,
// with the others, by the users rules instead of as a bare deserialisation failure.

public sealed record RegisterRequest
{
    public string? Email { get; init; }

    public string? Password { get; init; }

    public string? DisplayName { get; init; }

    public string? Phone { get; init; }

    public string? Role { get; init; }

    /// <summary>"ko" (the default) or "en": the language OneDay writes to me in.</summary>
    public string? Language { get; init; }
}

public sealed record WorkerProfileRequest
{
    public string[]? Skills { get; init; }

    public string[]? PreferredCategories { get; init; }

    public string? HomeArea { get; init; }

    public string? Bio { get; init; }
}

public sealed record EmployerProfileRequest
{
    public string? BusinessName { get; init; }

    public string? RegistrationNumber { get; init; }

    public string? Address { get; init; }
}

public sealed record ProfileRequest
{
    public string? DisplayName { get; init; }

    public string? Phone { get; init; }

    public WorkerProfileRequest? Worker { get; init; }

    public EmployerProfileRequest? Employer { get; init; }

    /// <summary>"ko" or "en"; left out, the language stays as it is.</summary>
    public string? Language { get; init; }
}

public sealed record GrantRoleRequest
{
    public string? Role { get; init; }
}

/// <summary>
/// Requests as the users domain's forms: the gateway only reads the JSON, and the users rules (grain-side) say
/// what is missing or wrong.
/// </summary>
public static class UserRequestForms
{
    public static RegistrationForm ToForm(this RegisterRequest request, CallerInfo caller) =>
        new(request.Email, request.Password, request.DisplayName, request.Phone, request.Role, caller, request.Language);

    public static ProfileForm ToForm(this ProfileRequest request) => new(
        request.DisplayName,
        request.Phone,
        request.Worker is { } w ? new WorkerProfileForm(w.Skills, w.PreferredCategories, w.HomeArea, w.Bio) : null,
        request.Employer is { } e ? new EmployerProfileForm(e.BusinessName, e.RegistrationNumber, e.Address) : null,
        request.Language);
}
