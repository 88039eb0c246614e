using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Users;
using OneDay.Grains.Users;

namespace OneDay.Tests.Unit.Users;

public sealed class UserRulesTests
{
    private const string Passphrase = "a long test passphrase";

    private static RegistrationForm Form(
        string? email = "minji@example.com", string? password = Passphrase, string? name = "Minji", string? phone = null,
        string? role = "worker") => new(email, password, name, phone, role, CallerInfo.None);

    private static (Registration? Accepted, List<FieldError> Errors) Register(RegistrationForm form)
    {
        var errors = new List<FieldError>();
        return (UserRules.Validate(form, errors), errors);
    }

    private static (ProfileUpdate? Accepted, List<FieldError> Errors) Edit(ProfileForm form)
    {
        var errors = new List<FieldError>();
        return (UserRules.Validate(form, errors), errors);
    }

    private static string? Message(List<FieldError> errors, string field) => errors.SingleOrDefault(e => e.Field == field)?.Message;

    [Fact]
    public void A_registration_is_accepted_trimmed_with_its_email_normalized()
    {
        var (accepted, errors) = Register(Form(email: "  Minji@Example.COM ", name: " Minji ", phone: " +82 10-1234-5678 ", role: "employer"));

        Assert.Empty(errors);
        Assert.Equal(new Registration("minji@example.com", Passphrase, "Minji", "+82 10-1234-5678", UserRole.Employer, CallerInfo.None), accepted);
    }

    [Fact]
    public void Every_broken_rule_is_reported_at_once_by_its_json_name()
    {
        var (accepted, errors) = Register(new RegistrationForm(null, null, null, "call me", null, CallerInfo.None));

        Assert.Null(accepted);
        Assert.Equal(["email", "password", "displayName", "phone", "role"], errors.Select(e => e.Field));
        Assert.Equal("Required.", Message(errors, "email"));
        Assert.Equal("Digits, spaces, dashes and an optional leading + (7 to 20).", Message(errors, "phone"));
    }

    [Theory]
    [InlineData("not-an-email", "Not a valid email address.")]
    [InlineData("a@b", "Not a valid email address.")]
    [InlineData("a b@example.com", "Not a valid email address.")]
    [InlineData("   ", "Required.")]
    public void An_email_must_be_an_address(string email, string message) =>
        Assert.Equal(message, Message(Register(Form(email: email)).Errors, "email"));

    [Fact]
    public void An_email_is_at_most_254_characters()
    {
        var longest = new string('a', 64) + "@" + new string('b', 63) + "." + new string('c', 63) + "." + new string('d', 61);
        Assert.Equal(EmailAddress.MaxLength, longest.Length);
        Assert.Empty(Register(Form(email: longest)).Errors);

        var errors = Register(Form(email: "x" + longest)).Errors;
        Assert.Contains(errors, e => e is { Field: "email", Message: "Must be at most 254 characters." });
    }

    [Theory]
    [InlineData("short", "Must be 10 to 128 characters.")]
    [InlineData("aaaaaaaaaaaaaaaa", "Too easy to guess: use more different characters.")]
    [InlineData("Password123", "Too common: choose another.")]
    [InlineData("xx MINJI rules xx", "Must not contain your email address.")]
    public void A_password_follows_the_nist_policy(string password, string message) =>
        Assert.Equal(message, Message(Register(Form(password: password)).Errors, "password"));

    [Theory]
    [InlineData(9, false)]
    [InlineData(10, true)]
    [InlineData(128, true)]
    [InlineData(129, false)]
    public void A_password_is_10_to_128_characters_never_truncated(int length, bool accepted)
    {
        var password = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + (i % 26))));
        var (registration, _) = Register(Form(password: password));
        Assert.Equal(accepted, registration is not null);
        Assert.Equal(accepted ? password : null, registration?.Password);
    }

    [Fact]
    public void A_short_local_part_may_appear_in_the_password() =>
        Assert.Empty(Register(Form(email: "jo@example.com", password: "jo likes long walks")).Errors);

    [Theory]
    [InlineData(null, "Required.")]
    [InlineData("admin", "Must be 'worker' or 'employer' (admin is granted by an admin).")]
    [InlineData("Worker", "Must be 'worker' or 'employer' (admin is granted by an admin).")]
    [InlineData("pilot", "Must be 'worker' or 'employer' (admin is granted by an admin).")]
    public void A_registration_chooses_worker_or_employer(string? role, string message) =>
        Assert.Equal(message, Message(Register(Form(role: role)).Errors, "role"));

    [Theory]
    [InlineData("Min\u0000ji", "Must not contain control characters.")]
    [InlineData("123456789012345678901234567890123456789012345678901", "Must be at most 50 characters.")]
    public void A_display_name_is_short_printable_text(string name, string message) =>
        Assert.Equal(message, Message(Register(Form(name: name)).Errors, "displayName"));

    [Fact]
    public void A_profile_keeps_distinct_trimmed_list_items()
    {
        var (accepted, errors) = Edit(new ProfileForm(
            "Minji", null, new WorkerProfileForm([" espresso ", "Espresso", "forklift"], null, " Mapo ", null), null));

        Assert.Empty(errors);
        Assert.Equal(["espresso", "forklift"], accepted!.Worker!.Skills);
        Assert.Empty(accepted.Worker.PreferredCategories);
        Assert.Equal("Mapo", accepted.Worker.HomeArea);
        Assert.Null(accepted.Employer);
    }

    [Fact]
    public void Profile_list_items_are_named_by_their_index()
    {
        var tooMany = Enumerable.Range(0, UserRules.MaxListItems + 1).Select(i => $"skill {i}").ToArray();
        var (accepted, errors) = Edit(new ProfileForm(
            "Minji", null, new WorkerProfileForm(tooMany, ["cafe", null, new string('x', 41)], null, null), null));

        Assert.Null(accepted);
        Assert.Equal("At most 30 items.", Message(errors, "worker.skills"));
        Assert.Equal("Required.", Message(errors, "worker.preferredCategories[1]"));
        Assert.Equal("Must be at most 40 characters.", Message(errors, "worker.preferredCategories[2]"));
    }

    [Theory]
    [InlineData("123-45-67890", true)]
    [InlineData("1234567890", true)]
    [InlineData("12", false)]
    [InlineData("123-45-6789-", false)]
    [InlineData("ABC-45-67890", false)]
    public void An_employer_registration_number_is_digits_and_dashes(string number, bool accepted)
    {
        var (update, errors) = Edit(new ProfileForm("Cafe owner", null, null, new EmployerProfileForm("Cafe", number, null)));
        Assert.Equal(accepted, update is not null);
        Assert.Equal(accepted ? null : "Digits and dashes only (e.g. 123-45-67890).", Message(errors, "employer.registrationNumber"));
    }

    [Fact]
    public void A_profile_needs_a_display_name_and_bounds_every_text()
    {
        var (accepted, errors) = Edit(new ProfileForm(
            " ", null, new WorkerProfileForm(null, null, new string('a', 101), new string('b', 1001)),
            new EmployerProfileForm(new string('c', 101), null, new string('d', 201))));

        Assert.Null(accepted);
        Assert.Equal(
            ["displayName", "worker.homeArea", "worker.bio", "employer.businessName", "employer.address"],
            errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData("worker", UserRole.Worker)]
    [InlineData("employer", UserRole.Employer)]
    [InlineData("admin", UserRole.Admin)]
    public void An_admin_may_grant_any_role(string name, UserRole role)
    {
        var errors = new List<FieldError>();
        Assert.Equal(role, UserRules.GrantableRole(name, errors));
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Admin")]
    [InlineData("pilot")]
    public void A_grant_names_a_known_role(string? name)
    {
        var errors = new List<FieldError>();
        Assert.Null(UserRules.GrantableRole(name, errors));
        Assert.Equal([new FieldError("role", "Must be 'worker', 'employer' or 'admin'.")], errors);
    }

    [Fact]
    public void A_sign_in_answers_the_normalized_email()
    {
        var errors = new List<FieldError>();
        Assert.Equal<(string, string)?>(("minji@example.com", "any password"), UserRules.SignIn(" MINJI@example.com", "any password", errors));
        Assert.Empty(errors);
    }

    [Theory]
    [InlineData(null, "pw", "email", "Required.")]
    [InlineData("nobody", "pw", "email", "Not a valid email address.")]
    [InlineData("minji@example.com", null, "password", "Required.")]
    [InlineData("minji@example.com", "", "password", "Required.")]
    public void A_sign_in_needs_an_address_and_a_password(string? email, string? password, string field, string message)
    {
        var errors = new List<FieldError>();
        Assert.Null(UserRules.SignIn(email, password, errors));
        Assert.Equal([new FieldError(field, message)], errors);
    }

    [Fact]
    public void A_sign_in_password_is_at_most_128_characters_but_not_held_to_the_registration_policy()
    {
        var errors = new List<FieldError>();
        Assert.NotNull(UserRules.SignIn("minji@example.com", "short", errors));
        Assert.Null(UserRules.SignIn("minji@example.com", new string('p', 129), errors));
        Assert.Equal([new FieldError("password", "Must be at most 128 characters.")], errors);
    }
}
