using System.Globalization;
using OneDay.Bench.Scenarios;
using OneDay.Testing;

namespace OneDay.Bench.Running;

/// <summary>
/// Starts the app for a scenario: embedded (one process, in-memory), or the cluster topology as deployed (four
/// OneDay.Silo processes in the domain groups of k8s/silo and scripts/cluster.sh, the OneDay.Api gateway, mutual
/// TLS between them, state in PostgreSQL, domain events on RabbitMQ streams).
/// </summary>
internal sealed class AppLauncher(RunContext run, Infrastructure infrastructure)
{
    /// <summary>The environment of the last cluster's gateway, so another gateway can join the same cluster.</summary>
    private Dictionary<string, string>? _gatewayEnvironment;

    /// <summary>Name and domains of each silo, as k8s/silo/* deploys them.</summary>
    public static readonly IReadOnlyList<(string Name, string Domains)> DomainGroups =
    [
        ("silo-users", "users,security"),
        ("silo-jobs", "jobs,matching"),
        ("silo-payments", "payments"),
        ("silo-communication", "communication,analytics"),
    ];

    private static readonly Dictionary<string, string> QuietLogs = new()
    {
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__OneDay"] = "Warning",
    };

    /// <param name="role">"app", or "baseline" for a second instance compared with it; names its log.</param>
    public async Task<RunningApp> StartAsync(Scenario scenario, IReadOnlyDictionary<string, string> appEnvironment, string role = "app")
    {
        var port = run.TakePort();
        var url = $"http://127.0.0.1:{port}";
        return scenario.Mode == AppMode.Embedded
            ? await StartEmbeddedAsync(scenario, url, appEnvironment, role)
            : role == "app"
                ? await StartClusterAsync(scenario, url, appEnvironment)
                : throw new NotSupportedException("a second instance of the cluster topology is not supported");
    }

    private async Task<RunningApp> StartEmbeddedAsync(Scenario scenario, string url, IReadOnlyDictionary<string, string> appEnvironment, string role)
    {
        run.Log.Comment($"{scenario.Name}: the {role}, embedded");
        var env = new Dictionary<string, string>(QuietLogs)
        {
            ["OneDay__Silo__SiloPort"] = Port(run.TakePort()),
            ["OneDay__Silo__GatewayPort"] = Port(run.TakePort()),
        };
        Merge(env, appEnvironment);
        var directory = run.Published("embedded");
        var dll = Path.Combine(directory, "OneDay.Embedded.dll");
        run.Log.Record(["env", "-C", directory, .. Pairs(env), "dotnet", dll, "--urls", url]);
        var app = ServerProcess.Start(role, Path.Combine(run.Logs, $"{scenario.Name}-{role}.log"), directory, env, "dotnet", [dll, "--urls", url]);
        var running = new RunningApp(url, app, [], run.Logs, scenario.Name);
        await Readiness.WaitAsync(url + "/health/ready", TimeSpan.FromSeconds(60), () => running.AnyExited, run.Cancellation);
        return running;
    }

    private async Task<RunningApp> StartClusterAsync(Scenario scenario, string url, IReadOnlyDictionary<string, string> appEnvironment)
    {
        await infrastructure.EnsureMigratedAsync();
        await infrastructure.EnsureRabbitMqAsync();
        var secrets = await infrastructure.EnsureSecretsAsync();
        var clusterId = $"bench-{run.Stamp}-{scenario.Name}".ToLowerInvariant();
        var tls = new Dictionary<string, string>
        {
            ["OneDay__Tls__Enabled"] = "true",
            ["OneDay__Tls__CertificatePath"] = Path.Combine(secrets, "tls", "tls.crt"),
            ["OneDay__Tls__KeyPath"] = Path.Combine(secrets, "tls", "tls.key"),
            ["OneDay__Tls__CaCertificatePath"] = Path.Combine(secrets, "tls", "ca.crt"),
        };
        run.Log.Comment($"{scenario.Name}: the app, cluster topology ({DomainGroups.Count} silos in their domain groups + gateway, mutual TLS, PostgreSQL, RabbitMQ streams)");
        var silos = new List<(string Name, SiloProcess Silo)>();
        var gateways = new List<string>();
        var spares = new Dictionary<string, (int SiloPort, int GatewayPort)>();
        try
        {
            foreach (var (name, domains) in DomainGroups)
            {
                var env = new Dictionary<string, string>(QuietLogs)
                {
                    // As deployed (k8s/configmap.yaml): the gateway serves the dashboard, the silos collect its data.
                    ["OneDay__Dashboard"] = "true",
                    // Own queues per scenario, so nothing a previous scenario left in the broker reaches this cluster.
                    ["OneDay__Streams__Provider"] = "RabbitMQ",
                    ["OneDay__RabbitMq__Host"] = "127.0.0.1",
                    ["OneDay__RabbitMq__Port"] = Port(infrastructure.RabbitMq!.Port),
                    ["OneDay__RabbitMq__QueueNamePrefix"] = "bench-" + scenario.Name,
                };
                Merge(env, tls);
                Merge(env, scenario.SiloEnvironment);
                var spec = new SiloSpec(
                    infrastructure.ConnectionString, clusterId, run.TakePort(), run.TakePort(), domains, env, infrastructure.SiloDll);
                run.Log.Record([
                    "SiloProcess.Start", "OneDay__Domains=" + domains, "OneDay__ClusterId=" + clusterId,
                    "OneDay__Silo__SiloPort=" + Port(spec.SiloPort), "OneDay__Silo__GatewayPort=" + Port(spec.GatewayPort), .. Pairs(env),
                    "dotnet", spec.Dll!,
                ]);
                silos.Add((name, SiloProcess.Start(spec)));
                gateways.Add("127.0.0.1:" + Port(spec.GatewayPort));
                if (scenario.SpareSiloPorts)
                {
                    spares[name] = (run.TakePort(), run.TakePort());
                    gateways.Add("127.0.0.1:" + Port(spares[name].GatewayPort));
                }
            }

            foreach (var (_, silo) in silos)
            {
                await silo.WaitUntilActiveAsync(TimeSpan.FromSeconds(120));
            }
        }
        catch
        {
            foreach (var (_, silo) in silos)
            {
                await silo.DisposeAsync();
            }

            throw;
        }

        // The gateway reaches only the silos: it gets their endpoints, and no database or broker settings.
        var gatewayEnv = new Dictionary<string, string>(QuietLogs)
        {
            ["OneDay__Mode"] = "Cluster",
            ["OneDay__ClusterId"] = clusterId,
            ["OneDay__Gateways"] = string.Join(',', gateways),
        };
        Merge(gatewayEnv, tls);
        Merge(gatewayEnv, appEnvironment);
        _gatewayEnvironment = gatewayEnv;
        var gateway = StartGatewayProcess(scenario, url, "app");
        var running = new RunningApp(url, gateway, silos, run.Logs, scenario.Name, spares);
        await Readiness.WaitAsync(url + "/health/ready", TimeSpan.FromSeconds(180), () => running.AnyExited, run.Cancellation);
        return running;
    }

    /// <summary>Another gateway of the cluster started last, on a port of its own (as a second replica is deployed).</summary>
    /// <param name="url">Where it listens: a new port, or the address of a gateway it replaces.</param>
    public async Task<(string Url, ServerProcess Process)> StartGatewayAsync(Scenario scenario, string role, string? url = null)
    {
        url ??= $"http://127.0.0.1:{run.TakePort()}";
        var gateway = StartGatewayProcess(scenario, url, role);
        await Readiness.WaitAsync(url + "/health/ready", TimeSpan.FromSeconds(120), () => gateway.HasExited, run.Cancellation);
        return (url, gateway);
    }

    private ServerProcess StartGatewayProcess(Scenario scenario, string url, string role)
    {
        var environment = _gatewayEnvironment ?? throw new InvalidOperationException("Start the cluster before another gateway.");
        var directory = run.Published("api");
        var dll = Path.Combine(directory, "OneDay.Api.dll");
        run.Log.Record(["env", "-C", directory, .. Pairs(environment), "dotnet", dll, "--urls", url]);
        return ServerProcess.Start(role == "app" ? "gateway" : role, FreshLog($"{scenario.Name}-{role}"), directory, environment,
            "dotnet", [dll, "--urls", url]);
    }

    /// <summary>A log of its own for each start, so a gateway started again does not overwrite what its predecessor said.</summary>
    private string FreshLog(string name)
    {
        var path = Path.Combine(run.Logs, name + ".log");
        for (var start = 2; File.Exists(path); start++)
        {
            path = Path.Combine(run.Logs, $"{name}-{start}.log");
        }

        return path;
    }

    private static void Merge(Dictionary<string, string> into, IReadOnlyDictionary<string, string> from)
    {
        foreach (var (key, value) in from)
        {
            into[key] = value;
        }
    }

    private static IEnumerable<string> Pairs(Dictionary<string, string> env) => env.Select(kv => kv.Key + "=" + kv.Value);

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
