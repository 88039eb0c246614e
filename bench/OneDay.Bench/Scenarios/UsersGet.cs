using OneDay.Bench.Prepare;

namespace OneDay.Bench.Scenarios;

/// <summary>
/// GET /api/users/{id} with a bearer token: JWT validation, rate limiter, one grain call (public view). Reads
/// spread over 64 profiles, as real traffic does.
/// </summary>
internal class UsersGet : Scenario
{
    public override string Name => "users-get";
    public override string Description => "authenticated GET of grain-backed user profiles (64 users)";
    public override string Path => "/api/users/";
    public override string? Lua => "users-get.lua";
    public override double? TargetRatio => 0.7;
    public override double? TargetP99Ms => 5;

    // Tokens come from the app's own sign-in, and a run with both sides warmed up and measured in turns outlasts
    // the default 10-minute lifetime.
    public override IReadOnlyDictionary<string, string> AppEnvironment => new Dictionary<string, string>(Unlimited)
    {
        ["OneDay__Security__PasswordHashIterations"] = "10000",
        ["OneDay__Security__AccessTokenMinutes"] = "60",
    };

    public override async Task PrepareAsync(PrepareContext context)
    {
        var (ids, tokens) = await Accounts.CreateAsync(context.Http, context.BaseUrl, "worker", 64, context.Cancellation);
        context.Exports["BENCH_USER_IDS"] = string.Join(',', ids);
        context.Exports["BENCH_TOKENS"] = string.Join(',', tokens);
    }
}
