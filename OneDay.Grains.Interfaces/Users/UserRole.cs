namespace OneDay.Grains.Interfaces.Users;

/// <summary>What a person does on OneDay. Admin is never chosen at registration: an admin grants it.</summary>
[GenerateSerializer, Alias("oneday.users.role")]
public enum UserRole
{
    Worker = 0,
    Employer = 1,
    Admin = 2,
}

public static class UserRoles
{
    /// <summary>The lower-case names used in tokens, policies and JSON.</summary>
    public static string Name(this UserRole role) => role switch
    {
        UserRole.Worker => "worker",
        UserRole.Employer => "employer",
        UserRole.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    public static bool TryParse(string? text, out UserRole role)
    {
        switch (text)
        {
            case "worker": role = UserRole.Worker; return true;
            case "employer": role = UserRole.Employer; return true;
            case "admin": role = UserRole.Admin; return true;
            default: role = default; return false;
        }
    }
}
