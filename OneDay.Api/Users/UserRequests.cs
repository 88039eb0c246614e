using System.Text.RegularExpressions;
using OneDay.Api.Errors;
using OneDay.Grains.Interfaces.Users;

namespace OneDay.Api.Users;

// Every field is nullable so a missing one is reported by name, with the others, instead of as a
// bare deserialisation failure.

public sealed record RegisterRequest
{
    public string? Email { get; init; }

    public string? Password { get; init; }

    public string? DisplayName { get; init; }

    public string? Phone { get; init; }

    public string? Role { get; init; }
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
}

public sealed record GrantRoleRequest
{
    public string? Role { get; init; }
}

public static partial class UserValidation
{
    private const int MaxListItems = 30;

    public static Registration? Validate(this RegisterRequest request, CallerInfo caller, FieldErrors errors)
    {
        var email = Email(request.Email, errors);
        var password = Password(request.Password, email, errors);
        var name = errors.Text("displayName", request.DisplayName, 50);
        var phone = Phone(request.Phone, errors);
        UserRole role = default;
        if (request.Role is null)
        {
            errors.Add("role", "Required.");
        }
        else if (!UserRoles.TryParse(request.Role, out role) || role == UserRole.Admin)
        {
            errors.Add("role", "Must be 'worker' or 'employer' (admin is granted by an admin).");
        }

        return errors.Any ? null : new Registration(email!, password!, name!, phone, role, caller);
    }

    public static ProfileUpdate? Validate(this ProfileRequest request, FieldErrors errors)
    {
        var name = errors.Text("displayName", request.DisplayName, 50);
        var phone = Phone(request.Phone, errors);
        WorkerProfile? worker = null;
        if (request.Worker is { } w)
        {
            worker = new WorkerProfile(
                List("worker.skills", w.Skills, 40, errors),
                List("worker.preferredCategories", w.PreferredCategories, 40, errors),
                errors.Text("worker.homeArea", w.HomeArea, 100, required: false),
                errors.Text("worker.bio", w.Bio, 1000, required: false));
        }

        EmployerProfile? employer = null;
        if (request.Employer is { } e)
        {
            var number = errors.Text("employer.registrationNumber", e.RegistrationNumber, 20, required: false);
            if (number is not null && !RegistrationNumberPattern().IsMatch(number))
            {
                errors.Add("employer.registrationNumber", "Digits and dashes only (e.g. 123-45-67890).");
            }

            employer = new EmployerProfile(
                errors.Text("employer.businessName", e.BusinessName, 100, required: false),
                number,
                errors.Text("employer.address", e.Address, 200, required: false));
        }

        return errors.Any ? null : new ProfileUpdate(name!, phone, worker, employer);
    }

    public static string? Email(string? value, FieldErrors errors, string field = "email")
    {
        var text = errors.Text(field, value, 254);
        if (text is not null && !EmailPattern().IsMatch(text))
        {
            errors.Add(field, "Not a valid email address.");
        }

        return text is null ? null : EmailAddress.Normalize(text);
    }

    // NIST SP 800-63B: length over composition rules, no truncation, reject the obviously guessable.
    private static string? Password(string? value, string? email, FieldErrors errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            errors.Add("password", "Required.");
            return null;
        }

        if (value.Length is < 10 or > 128)
        {
            errors.Add("password", "Must be 10 to 128 characters.");
        }
        else if (value.Distinct().Count() < 4)
        {
            errors.Add("password", "Too easy to guess: use more different characters.");
        }
        else if (email is not null && value.Contains(email.Split('@')[0], StringComparison.OrdinalIgnoreCase) && email.Split('@')[0].Length >= 3)
        {
            errors.Add("password", "Must not contain your email address.");
        }
        else if (CommonPasswords.Contains(value.ToLowerInvariant()))
        {
            errors.Add("password", "Too common: choose another.");
        }

        return value;
    }

    private static string? Phone(string? value, FieldErrors errors)
    {
        var text = errors.Text("phone", value, 20, required: false);
        if (text is not null && !PhonePattern().IsMatch(text))
        {
            errors.Add("phone", "Digits, spaces, dashes and an optional leading + (7 to 20).");
        }

        return text;
    }

    private static string[] List(string field, string[]? items, int maxLength, FieldErrors errors)
    {
        if (items is null)
        {
            return [];
        }

        if (items.Length > MaxListItems)
        {
            errors.Add(field, $"At most {MaxListItems} items.");
            return [];
        }

        var cleaned = new List<string>();
        for (var i = 0; i < items.Length; i++)
        {
            if (errors.Text($"{field}[{i}]", items[i], maxLength) is { } item)
            {
                cleaned.Add(item);
            }
        }

        return [.. cleaned.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static readonly HashSet<string> CommonPasswords =
    [
        "password123", "password1234", "1234567890", "qwertyuiop", "1q2w3e4r5t", "iloveyou123", "qwerty1234",
        "abcd123456", "passw0rd123", "admin12345", "welcome123", "letmein123", "0987654321", "1qaz2wsx3edc",
    ];

    [GeneratedRegex(@"^[^@\s]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"^\+?[0-9][0-9 -]{5,18}[0-9]$")]
    private static partial Regex PhonePattern();

    [GeneratedRegex(@"^[0-9][0-9-]{2,18}[0-9]$")]
    private static partial Regex RegistrationNumberPattern();
}
