namespace OneDay.Grains.Interfaces.Users;

public static class EmailAddress
{
    /// <summary>The longest address an account may have (RFC 5321's limit on a path, less its brackets).</summary>
    public const int MaxLength = 254;

    /// <summary>
    /// The form an address is unique in: trimmed and lower-cased. Local parts are case-sensitive in
    /// theory, but no mail provider people use treats them so, and "Kim@x" and "kim@x" must not be two accounts.
    /// </summary>
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();
}
