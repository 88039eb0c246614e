namespace OneDay.Bench.Scenarios;

internal enum AppMode
{
    /// <summary>One OneDay.Embedded process: the gateway co-hosting a silo with every domain, in-memory storage.</summary>
    Embedded,

    /// <summary>The deployed topology: silos in their domain groups, the gateway, PostgreSQL, RabbitMQ streams.</summary>
    Cluster,
}

internal enum BaselineKind
{
    /// <summary>bench/baseline/BareKestrel, measured in turns with the app, fed the app run's own wrk script.</summary>
    Kestrel,

    /// <summary>Raw pgbench upserts (bench/pgbench/), measured in turns with the app on the same PostgreSQL.</summary>
    Pgbench,

    /// <summary>The app itself again with <see cref="Scenario.BaselineEnvironment"/> on top, in turns: what a setting costs.</summary>
    SameApp,

    /// <summary>No baseline: absolute targets, or information only.</summary>
    None,
}

/// <summary>
/// One benchmark: a request the app serves under wrk, its baseline and its targets, and the steps that seed data
/// before it (<see cref="PrepareAsync"/>) and wait for the asynchronous work it started (<see cref="DrainAsync"/>).
/// Each scenario is one file in this folder, so two people adding scenarios never edit the same file.
/// </summary>
internal abstract class Scenario
{
    /// <summary>Limits high enough that the load generator measures the app, not the rate limiter.</summary>
    protected static readonly IReadOnlyDictionary<string, string> Unlimited = new Dictionary<string, string>
    {
        ["OneDay__Security__RateLimits__GlobalPerSecond"] = "1000000",
        ["OneDay__Security__RateLimits__GlobalBurst"] = "1000000",
        ["OneDay__Security__RateLimits__AuthPerIpPerMinute"] = "1000000",
        ["OneDay__Security__RateLimits__AuthPerAccountPerMinute"] = "1000000",
        ["OneDay__Security__RateLimits__ChatMessagesPerUserPerMinute"] = "1000000",
    };

    /// <summary>The results file's name, bench/results/NAME.md: [A-Za-z0-9._-].</summary>
    public abstract string Name { get; }

    /// <summary>One line, shown by --list.</summary>
    public abstract string Description { get; }

    public virtual AppMode Mode => AppMode.Embedded;

    public virtual string Method => "GET";

    /// <summary>The request's path (with a query string, if any); with a Lua script, the path wrk is pointed at.</summary>
    public abstract string Path { get; }

    /// <summary>A wrk Lua script under bench/lua/ for anything dynamic; it must not define done (report.lua's).</summary>
    public virtual string? Lua => null;

    /// <summary>A literal request body.</summary>
    public virtual string? Body => null;

    /// <summary>Header lines passed to wrk as -H.</summary>
    public virtual IReadOnlyList<string> Headers => [];

    public virtual BaselineKind Baseline => BaselineKind.Kestrel;

    /// <summary>App req/s at least this many times the baseline's req/s (or tx/s) in the same run.</summary>
    public virtual double? TargetRatio => null;

    public virtual double? TargetP99Ms => null;

    public virtual double? TargetRps => null;

    /// <summary>Seconds of warm-up rounds at least, when the scenario needs more than BENCH_WARMUP.</summary>
    public virtual int? WarmupMin => null;

    /// <summary>Whether the app (the gateway in cluster mode) gets the scenario's signing key, so prepare can sign tokens it accepts.</summary>
    public virtual bool SignsOwnTokens => false;

    /// <summary>Extra settings for the app (the gateway in cluster mode).</summary>
    public virtual IReadOnlyDictionary<string, string> AppEnvironment => Unlimited;

    /// <summary>For <see cref="BaselineKind.SameApp"/>: the settings the baseline instance gets on top of the app's.</summary>
    public virtual IReadOnlyDictionary<string, string> BaselineEnvironment => new Dictionary<string, string>();

    /// <summary>Extra settings for each silo in cluster mode.</summary>
    public virtual IReadOnlyDictionary<string, string> SiloEnvironment => new Dictionary<string, string>();

    /// <summary>
    /// Whether each silo gets a second pair of ports in the gateways' list, free until a successor starts on it: what a
    /// rolling update with surge needs on one host, where the silos cannot share a DNS name as k8s pods do.
    /// </summary>
    public virtual bool SpareSiloPorts => false;

    public virtual bool HasDrain => false;

    /// <summary>Seeds data once the app is ready, before the warm-up; exports what the Lua script reads.</summary>
    public virtual Task PrepareAsync(PrepareContext context) => Task.CompletedTask;

    /// <summary>After the measured run: polls a real read path until the asynchronous work caught up.</summary>
    /// <returns>Whether it did; what it wrote goes under *After the measurement*.</returns>
    public virtual Task<bool> DrainAsync(DrainContext context) => Task.FromResult(true);

    public string Request => $"{Method} {Path}";

    /// <summary>What is wrong with the scenario's definition, if anything.</summary>
    public IEnumerable<string> Problems(string luaDirectory)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(Name, "^[A-Za-z0-9._-]+$"))
        {
            yield return "scenario names are [A-Za-z0-9._-]";
        }

        if (!Path.StartsWith('/'))
        {
            yield return "path must start with /";
        }

        if (Lua is { } lua && !File.Exists(System.IO.Path.Combine(luaDirectory, lua)))
        {
            yield return $"bench/lua/{lua} not found";
        }

        if (Baseline == BaselineKind.None && TargetRatio is not null)
        {
            yield return "a target ratio needs a baseline";
        }

        if ((Baseline == BaselineKind.SameApp) != (BaselineEnvironment.Count > 0))
        {
            yield return "a same-app baseline, and only it, needs the settings that make it differ";
        }
    }
}
