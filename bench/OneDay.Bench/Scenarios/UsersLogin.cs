using OneDay.Bench.Prepare;

namespace OneDay.Bench.Scenarios;

/// <summary>
/// POST /api/security/token: bounded by the password hash (PBKDF2-HMAC-SHA512, 210,000 rounds, the production
/// default and OWASP's 2023 minimum). Reported for information: its cost is the point. Sign-ins rotate over 64
/// accounts: one account's sign-ins are serialised by its grain, by design.
/// </summary>
internal sealed class UsersLogin : Scenario
{
    public override string Name => "users-login";
    public override string Description => "sign-in (password hash bound; information)";
    public override string Method => "POST";
    public override string Path => "/api/security/token";
    public override string? Lua => "users-login.lua";

    public override async Task PrepareAsync(PrepareContext context)
    {
        const string password = "bench login passphrase";
        var bodies = new List<string>();
        for (var i = 0; i < 64; i++)
        {
            var email = $"bench-login-{i}-{Guid.NewGuid():N}@bench.oneday.dev";
            await Accounts.RegisterAsync(context.Http, context.BaseUrl, email, password, "worker", context.Cancellation);
            bodies.Add($"{{\"email\":\"{email}\",\"password\":\"{password}\"}}");
        }

        context.Exports["BENCH_LOGIN_BODIES"] = string.Join('|', bodies);
    }
}
