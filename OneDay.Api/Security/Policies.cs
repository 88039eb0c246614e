namespace OneDay.Api.Security;

/// <summary>Authorization policy names. Everything under /api needs a signed-in user unless it says AllowAnonymous.</summary>
public static class Policies
{
    public const string Worker = "worker";
    public const string Employer = "employer";
    public const string Admin = "admin";
}
