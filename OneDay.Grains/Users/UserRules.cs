using System.Text.RegularExpressions;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Users;

namespace OneDay.Grains.Users;

/// <summary>
/// What the users domain accepts as an account, a profile, a role or a sign-in; pure, so it is tested without
/// a cluster. Each check answers the accepted value (trimmed, normalized) and adds a field error, named by its
/// JSON path, for every rule the input breaks.
/// </summary>
public static partial class UserRules
{
    public const int MaxDisplayName = 50;
    public const int MaxPhone = 20;
    public const int MinPassword = 10;
    public const int MaxPassword = 128;
    public const int MaxListItems = 30;
    public const int MaxListItem = 40;
    public const int MaxHomeArea = 100;
    public const int MaxBio = 1000;
    public const int MaxBusinessName = 100;
    public const int MaxRegistrationNumber = 20;
    public const int MaxAddress = 200;

    /// <summary>A new verification link at most this often: each one is an email to an address not yet proven.</summary>
    public static readonly TimeSpan VerificationResendInterval = TimeSpan.FromMinutes(1);

    /// <summary>Null when the form breaks a rule; <paramref name="errors"/> then says which.</summary>
    public static Registration? Validate(RegistrationForm form, List<FieldError> errors)
    {
        var before = errors.Count;
        var email = Email(form.Email, errors);
        var password = Password(form.Password, email, errors);
        var name = Text(errors, "displayName", form.DisplayName, MaxDisplayName);
        var phone = Phone(form.Phone, errors);
        var role = RegistrationRole(form.Role, errors);
        var language = Language(form.Language, errors) ?? Languages.Default;
        return errors.Count > before ? null : new Registration(email!, password!, name!, phone, role, form.Caller, language);
    }

    /// <summary>Null when the form breaks a rule; <paramref name="errors"/> then says which.</summary>
    public static ProfileUpdate? Validate(ProfileForm form, List<FieldError> errors)
    {
        var before = errors.Count;
        var name = Text(errors, "displayName", form.DisplayName, MaxDisplayName);
        var phone = Phone(form.Phone, errors);
        WorkerProfile? worker = null;
        if (form.Worker is { } w)
        {
            worker = new WorkerProfile(
                List("worker.skills", w.Skills, errors),
                List("worker.preferredCategories", w.PreferredCategories, errors),
                Text(errors, "worker.homeArea", w.HomeArea, MaxHomeArea, required: false),
                Text(errors, "worker.bio", w.Bio, MaxBio, required: false));
        }

        EmployerProfile? employer = null;
        if (form.Employer is { } e)
        {
            var number = Text(errors, "employer.registrationNumber", e.RegistrationNumber, MaxRegistrationNumber, required: false);
            if (number is not null && !RegistrationNumberPattern().IsMatch(number))
            {
                Add(errors, "employer.registrationNumber", "Digits and dashes only (e.g. 123-45-67890).");
            }

            employer = new EmployerProfile(
                Text(errors, "employer.businessName", e.BusinessName, MaxBusinessName, required: false),
                number,
                Text(errors, "employer.address", e.Address, MaxAddress, required: false));
        }

        var language = Language(form.Language, errors);
        return errors.Count > before ? null : new ProfileUpdate(name!, phone, worker, employer, language);
    }

    /// <summary>The role an admin grants: any of them, admin included.</summary>
    public static UserRole? GrantableRole(string? name, List<FieldError> errors)
    {
        if (UserRoles.TryParse(name, out var role))
        {
            return role;
        }

        Add(errors, "role", "Must be 'worker', 'employer' or 'admin'.");
        return null;
    }

    /// <summary>
    /// A sign-in's credentials as far as they can be judged without the account: the email normalized, or
    /// null when either is not one any account could have.
    /// </summary>
    public static (string Email, string Password)? SignIn(string? email, string? password, List<FieldError> errors)
    {
        var before = errors.Count;
        var normalized = Email(email, errors);
        if (string.IsNullOrEmpty(password))
        {
            Add(errors, "password", "Required.");
        }
        else if (password.Length > MaxPassword)
        {
            Add(errors, "password", $"Must be at most {MaxPassword} characters.");
        }

        return errors.Count > before ? null : (normalized!, password!);
    }

    /// <summary>Null when none is given (the caller's default applies).</summary>
    private static string? Language(string? code, List<FieldError> errors)
    {
        if (code is null || Languages.IsKnown(code))
        {
            return code;
        }

        Add(errors, "language", $"Must be one of: {string.Join(", ", Languages.All)}.");
        return null;
    }

    /// <summary>The normalized address (see <see cref="EmailAddress.Normalize"/>), also when it breaks a rule.</summary>
    private static string? Email(string? value, List<FieldError> errors)
    {
        var text = Text(errors, "email", value, EmailAddress.MaxLength);
        if (text is not null && !EmailPattern().IsMatch(text))
        {
            Add(errors, "email", "Not a valid email address.");
        }

        return text is null ? null : EmailAddress.Normalize(text);
    }

    // Admin is never chosen: an admin grants it (or the bootstrap admin address gets it at registration).
    private static UserRole RegistrationRole(string? name, List<FieldError> errors)
    {
        if (name is null)
        {
            Add(errors, "role", "Required.");
        }
        else if (!UserRoles.TryParse(name, out var role) || role == UserRole.Admin)
        {
            Add(errors, "role", "Must be 'worker' or 'employer' (admin is granted by an admin).");
        }
        else
        {
            return role;
        }

        return default;
    }

    // NIST SP 800-63B: length over composition rules, no truncation, reject the obviously guessable.
    private static string? Password(string? value, string? email, List<FieldError> errors)
    {
        if (string.IsNullOrEmpty(value))
        {
            Add(errors, "password", "Required.");
            return null;
        }

        var local = email?.Split('@')[0];
        if (value.Length is < MinPassword or > MaxPassword)
        {
            Add(errors, "password", $"Must be {MinPassword} to {MaxPassword} characters.");
        }
        else if (value.Distinct().Count() < 4)
        {
            Add(errors, "password", "Too easy to guess: use more different characters.");
        }
        else if (local is { Length: >= 3 } && value.Contains(local, StringComparison.OrdinalIgnoreCase))
        {
            Add(errors, "password", "Must not contain your email address.");
        }
        else if (CommonPasswords.Contains(value.ToLowerInvariant()))
        {
            Add(errors, "password", "Too common: choose another.");
        }

        return value;
    }

    private static string? Phone(string? value, List<FieldError> errors)
    {
        var text = Text(errors, "phone", value, MaxPhone, required: false);
        if (text is not null && !PhonePattern().IsMatch(text))
        {
            Add(errors, "phone", "Digits, spaces, dashes and an optional leading + (7 to 20).");
        }

        return text;
    }

    /// <summary>The distinct items (ignoring case) of an optional list of short required texts.</summary>
    private static string[] List(string field, string?[]? items, List<FieldError> errors)
    {
        if (items is null)
        {
            return [];
        }

        if (items.Length > MaxListItems)
        {
            Add(errors, field, $"At most {MaxListItems} items.");
            return [];
        }

        var cleaned = new List<string>();
        for (var i = 0; i < items.Length; i++)
        {
            if (Text(errors, $"{field}[{i}]", items[i], MaxListItem) is { } item)
            {
                cleaned.Add(item);
            }
        }

        return [.. cleaned.Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    /// <summary>A text field's presence and length; answers the trimmed value, also when it is too long.</summary>
    private static string? Text(List<FieldError> errors, string field, string? value, int max, bool required = true)
    {
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            if (required)
            {
                Add(errors, field, "Required.");
            }

            return null;
        }

        if (trimmed.Length > max)
        {
            Add(errors, field, $"Must be at most {max} characters.");
        }
        else if (trimmed.Any(char.IsControl))
        {
            Add(errors, field, "Must not contain control characters.");
        }

        return trimmed;
    }

    private static void Add(List<FieldError> errors, string field, string message) => errors.Add(new FieldError(field, message));

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
