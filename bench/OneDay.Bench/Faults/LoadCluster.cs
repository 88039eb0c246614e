using System.Globalization;
using OneDay.Bench.Running;
using OneDay.Testing;
using OneDay.Testing.Load;

namespace OneDay.Bench.Faults;

/// <summary>
/// The deployed topology for a run of the mixed workload: the run's PostgreSQL (fsync on) and RabbitMQ, four silos in
/// their domain groups and two gateways, published from the working tree, and the pool the workload sends through.
/// </summary>
internal sealed class LoadCluster : IAsyncDisposable
{
    private readonly FileStream _lock;
    private readonly FaultsScenario _scenario;
    private readonly AppLauncher _launcher;
    private readonly string _secondUrl;

    private LoadCluster(FileStream held, RunContext run, Infrastructure infrastructure, AppLauncher launcher, FaultsScenario scenario,
        RunningApp app, string secondUrl, ServerProcess second, string signingKey)
    {
        SigningKey = signingKey;
        _lock = held;
        Run = run;
        Infrastructure = infrastructure;
        _launcher = launcher;
        _scenario = scenario;
        App = app;
        _secondUrl = secondUrl;
        SecondGateway = second;
        Pool = new GatewayPool([new Uri(app.Url), new Uri(secondUrl)], TimeSpan.FromSeconds(10));
    }

    public RunContext Run { get; }

    /// <summary>The key both gateways sign and check access tokens with.</summary>
    public string SigningKey { get; }

    public Infrastructure Infrastructure { get; }

    public RunningApp App { get; }

    public ServerProcess SecondGateway { get; private set; }

    public GatewayPool Pool { get; }

    /// <summary>Every process of the app, as they are now (silos replaced by a restart included).</summary>
    public IReadOnlyList<(string Name, int Pid)> Processes => [.. App.Components, ("gateway-2", SecondGateway.Id)];

    /// <returns>Null when another bench run holds the lock.</returns>
    public static async Task<LoadCluster?> StartAsync(string name, CancellationToken cancellation)
    {
        var settings = BenchSettings.FromEnvironment();
        var paths = BenchPaths.FromRepository();
        var held = RunLock.TryTake(paths.Work);
        if (held is null)
        {
            return null;
        }

        var stamp = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HHmm'Z'", CultureInfo.InvariantCulture);
        var run = new RunContext(settings, paths, stamp, Path.Combine(paths.Work, "runs", $"{stamp}-{Environment.ProcessId}"), cancellation);
        Directory.CreateDirectory(run.Logs);
        var infrastructure = new Infrastructure(run);
        await Publisher.PublishDeployedAsync(run, "OneDay.Api/OneDay.Api.csproj", "api");
        await Publisher.PublishDeployedAsync(run, "OneDay.Silo/OneDay.Silo.csproj", "silo");
        var scenario = new FaultsScenario(name);
        var launcher = new AppLauncher(run, infrastructure);
        // Both gateways sign and accept the same tokens, as the replicas of one deployment do.
        // The workload signs its accounts in once and does not refresh: tokens must outlive a soak (the longest allowed).
        var signingKey = BenchTokens.NewSigningKey();
        var environment = new Dictionary<string, string>(scenario.AppEnvironment)
        {
            ["OneDay__Security__SigningKey"] = signingKey,
            ["OneDay__Security__AccessTokenMinutes"] = "60",
        };
        var app = await launcher.StartAsync(scenario, environment);
        var (secondUrl, second) = await launcher.StartGatewayAsync(scenario, "gateway-2");
        return new LoadCluster(held, run, infrastructure, launcher, scenario, app, secondUrl, second, signingKey);
    }

    /// <summary>As a load balancer sees a gateway die: its requests fail until a health check takes it out, 2 s later.</summary>
    public async Task LoseSecondGatewayAsync()
    {
        Signals.Kill(SecondGateway.Id);
        await Task.Delay(TimeSpan.FromSeconds(2), Run.Cancellation);
        Pool.TakeOut(1);
    }

    public async Task RestoreSecondGatewayAsync()
    {
        await SecondGateway.DisposeAsync();
        (_, SecondGateway) = await _launcher.StartGatewayAsync(_scenario, "gateway-2", _secondUrl);
        Pool.PutBack(1);
    }

    /// <summary>Appends a run's section to bench/results/NAME.md, made with <paramref name="header"/> the first time.</summary>
    public async Task<string> FileAsync(string name, string header, string section)
    {
        var results = Path.Combine(Run.Paths.Results, name + ".md");
        var before = File.Exists(results) ? await File.ReadAllTextAsync(results, Run.Cancellation) : header;
        await File.WriteAllTextAsync(results, before + section, Run.Cancellation);
        return Run.Paths.Relative(results);
    }

    /// <summary>The command line that made this run, with the bench variables it was given.</summary>
    public string Command(string arguments) =>
        $"`{string.Concat(Run.Settings.Given.Select(g => g + " "))}dotnet run --project bench/OneDay.Bench -c Release -- {arguments}`";

    public async ValueTask DisposeAsync()
    {
        await SecondGateway.DisposeAsync();
        await App.DisposeAsync();
        await Infrastructure.DisposeAsync();
        await _lock.DisposeAsync();
    }
}
