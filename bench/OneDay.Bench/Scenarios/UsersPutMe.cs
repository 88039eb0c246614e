using OneDay.Bench.Prepare;

namespace OneDay.Bench.Scenarios;

/// <summary>
/// PUT /api/users/me on the cluster topology: each request persists the profile (group-committed grain storage on
/// PostgreSQL, fsync on), appends to the audit chain and emits a domain event on RabbitMQ, spread over many
/// accounts like real traffic.
/// </summary>
internal sealed class UsersPutMe : Scenario
{
    public override string Name => "users-put-me";
    public override string Description => "persisted write: profile update over many accounts (cluster, PostgreSQL, RabbitMQ)";
    public override AppMode Mode => AppMode.Cluster;
    public override string Method => "PUT";
    public override string Path => "/api/users/me";
    public override string? Lua => "users-put-me.lua";
    public override BaselineKind Baseline => BaselineKind.Pgbench;
    public override double? TargetRatio => 0.5;

    // Sign-up cost is not what this measures; the cheapest allowed hash keeps prepare short.
    public override IReadOnlyDictionary<string, string> SiloEnvironment => new Dictionary<string, string>
    {
        ["OneDay__Security__PasswordHashIterations"] = "10000",
    };

    public override async Task PrepareAsync(PrepareContext context)
    {
        var count = Running.BenchSettings.Int("BENCH_ACCOUNTS", 256);
        var (ids, tokens) = await Accounts.CreateAsync(context.Http, context.BaseUrl, "worker", count, context.Cancellation);
        context.Exports["BENCH_USER_IDS"] = string.Join(',', ids);
        context.Exports["BENCH_TOKENS"] = string.Join(',', tokens);
    }
}
