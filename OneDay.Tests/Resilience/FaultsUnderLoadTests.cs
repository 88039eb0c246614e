using System.Globalization;
using OneDay.Testing;
using OneDay.Testing.Load;
using OneDay.Tests.Fixtures;
using Xunit.Abstractions;

namespace OneDay.Tests.Resilience;

/// <summary>
/// The fault runner's short form: a cluster of silo processes in domain groups (two of them hosting jobs) behind two
/// gateways, on PostgreSQL and RabbitMQ, under a mixed workload at a constant rate while faults are injected. Each
/// run asserts what must hold whatever the fault: no request answered 500, every write answered 2xx is there
/// afterwards, shifts were paid, and the ledger verifies. The long form (bench/, `faults`) measures the targets.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class FaultsUnderLoadTests(FaultsFixture infrastructure, ITestOutputHelper output) : IAsyncLifetime
{
    private const double Rate = 50;

    /// <summary>The fresh cluster's first seconds under load, before any fault: its baseline starts after them.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(15);
    private readonly string _clusterId = "faults-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<SiloProcess> _silos = [];
    private readonly GatewayHost?[] _gateways = new GatewayHost?[2];
    private string _database = "";

    public async Task InitializeAsync()
    {
        _database = await infrastructure.Postgres.CreateMigratedDatabaseAsync("faults");
        foreach (var domains in new[] { "users,security,payments,communication,analytics", "jobs,matching", "jobs,matching" })
        {
            _silos.Add(SiloProcess.Start(SiloSpec.OnFreePorts(_database, _clusterId, domains) with { Environment = infrastructure.Streams(_clusterId) }));
        }

        await Task.WhenAll(_silos.Select(s => s.WaitUntilActiveAsync(TimeSpan.FromSeconds(90))));
        for (var i = 0; i < _gateways.Length; i++)
        {
            _gateways[i] = await GatewayHost.StartAsync(new Dictionary<string, string?>
            {
                ["OneDay:Mode"] = "Cluster",
                ["OneDay:ClusterId"] = _clusterId,
                ["OneDay:Gateways"] = string.Join(',', _silos.Select(s => "127.0.0.1:" + s.Spec.GatewayPort.ToString(CultureInfo.InvariantCulture))),
                ["OneDay:Dashboard"] = "false",
            });
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var gateway in _gateways)
        {
            await (gateway?.DisposeAsync() ?? ValueTask.CompletedTask);
        }

        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_silo_killed_and_restarted_and_a_gateway_lost_under_load_answer_no_500_and_lose_nothing_acknowledged()
    {
        var jobsSilo = 1;
        var report = await RunAsync(TimeSpan.FromSeconds(85),
        [
            new Fault(TimeSpan.FromSeconds(30), "kill -9 of a jobs silo", ct => Task.Run(() => _silos[jobsSilo].Kill(), ct)),
            new Fault(TimeSpan.FromSeconds(45), "the jobs silo started again", async _ =>
            {
                _silos[jobsSilo] = SiloProcess.Start(_silos[jobsSilo].Spec);
                await _silos[jobsSilo].WaitUntilActiveAsync(TimeSpan.FromSeconds(60));
            }),
        ], gatewayLostAt: TimeSpan.FromSeconds(65));

        Assert.Equal(0, report.Report.ServerErrors);
        Assert.True(report.Checks.Ok, report.Checks.ToString());
        Assert.True(report.Checks.Checked["shifts settled"] > 0, "No shift was paid: " + report.Checks);
    }

    [Fact]
    public async Task PostgreSQL_and_RabbitMQ_restarted_under_load_answer_no_500_and_lose_nothing_acknowledged()
    {
        var report = await RunAsync(TimeSpan.FromSeconds(90),
        [
            new Fault(TimeSpan.FromSeconds(25), "PostgreSQL stopped", _ => infrastructure.Postgres.Server.StopAsync()),
            new Fault(TimeSpan.FromSeconds(35), "PostgreSQL started again", _ => infrastructure.Postgres.Server.ResumeAsync()),
            new Fault(TimeSpan.FromSeconds(55), "RabbitMQ stopped", _ => infrastructure.Rabbit.StopNodeAsync()),
            new Fault(TimeSpan.FromSeconds(65), "RabbitMQ started again", _ => infrastructure.Rabbit.StartNodeAsync()),
        ]);

        Assert.Equal(0, report.Report.ServerErrors);
        Assert.True(report.Checks.Ok, report.Checks.ToString());
        Assert.True(report.Checks.Checked["shifts settled"] > 0, "No shift was paid: " + report.Checks);
    }

    private async Task<(LoadReport Report, CheckReport Checks)> RunAsync(TimeSpan duration, IReadOnlyList<Fault> faults, TimeSpan? gatewayLostAt = null)
    {
        var pool = new GatewayPool([.. _gateways.Select(g => g!.Address)], TimeSpan.FromSeconds(10));
        var workload = await MixedWorkload.PrepareAsync(pool, new WorkloadOptions(Workers: 30, Employers: 6), CancellationToken.None);
        var recorder = new LoadRecorder();
        var driver = new ArrivalRateDriver(recorder);
        var all = faults.ToList();
        if (gatewayLostAt is { } at)
        {
            // As a load balancer sees it: the gateway stops answering, and is taken out of the pool a moment later.
            all.Add(new Fault(at, "a gateway stopped", async ct =>
            {
                var lost = _gateways[1]!;
                _gateways[1] = null;
                var stopping = lost.DisposeAsync().AsTask();
                await Task.Delay(TimeSpan.FromSeconds(2), ct);
                pool.TakeOut(1);
                await stopping;
            }));
        }

        var marks = await driver.RunAsync(Rate, duration, workload.Next, all, output.WriteLine, CancellationToken.None);
        var report = LoadReport.Of(recorder, marks, Rate, driver.Dropped, WarmUp);
        var admin = BenchTokens.Sign(GatewayHost.TestDefaults["OneDay:Security:SigningKey"]!, ["admin"], 10);
        var checks = await WriteChecks.VerifyAsync(pool, workload.Acknowledged, admin, CancellationToken.None);
        output.WriteLine(report.ToMarkdown());
        output.WriteLine("Checks: " + checks);
        return (report, checks);
    }
}
