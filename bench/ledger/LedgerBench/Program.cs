using System.Diagnostics;
using System.Globalization;
using LedgerBench;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Payments;
using OneDay.Silo.Hosting;
using OneDay.Silo.Postgres;
using OneDay.Silo.Postgres.Migrations;
using OneDay.Testing;

// Usage: LedgerBench [transfers per round] [concurrency] [rounds]. Prints a markdown report for bench/results.
var transfers = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 3_000;
var concurrency = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 64;
var rounds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
const int Workers = 512;
const long Funds = 900_000_000;

await using var postgres = await PostgresServer.StartAsync();
var db = await postgres.CreateDatabaseAsync("ledgerbench");
await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).MigrateAsync(db);

var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
{
    ["OneDay:Mode"] = "Cluster",
    ["OneDay:Dashboard"] = "false",
    ["OneDay:ClusterId"] = "ledgerbench",
    ["OneDay:Postgres:ConnectionString"] = db,
    ["OneDay:Security:SiloKey"] = SiloDefaults.SiloKey,
    ["OneDay:Tls:Enabled"] = "false",
    ["OneDay:Silo:SiloPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
    ["OneDay:Silo:GatewayPort"] = FreePort.Next().ToString(CultureInfo.InvariantCulture),
});
builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
builder.UseOrleans(silo =>
{
    silo.UseOneDay(builder.Configuration);
    // Transactional state lives in the payments domain's PostgreSQL grain storage, as a wallet's would.
    silo.UseTransactions();
});
using var host = builder.Build();
await host.StartAsync();
var grains = host.Services.GetRequiredService<IGrainFactory>();
await using var ledger = new PostgresLedgerStore(PostgresDataSources.Build(db), new PaymentOptions());

var employers = Enumerable.Range(0, concurrency).Select(_ => Guid.NewGuid()).ToArray();
var workers = Enumerable.Range(0, Workers).Select(_ => Guid.NewGuid()).ToArray();
var revenue = Guid.NewGuid();
foreach (var employer in employers)
{
    await ledger.AppendAsync(new LedgerTransaction(Guid.NewGuid(), LedgerTransactionKind.TopUp,
        PaymentRules.TopUpPostings(employer, Funds), DateTimeOffset.UtcNow, "bench-fund"));
    await grains.GetGrain<IBenchAccountGrain>(employer).Fund(Funds);
}

// One settlement-shaped movement: an employer's money to a worker (wage) and the platform (fee).
async Task<double[]> RunAsync(Func<Guid, Guid, long, long, Task> move, int count)
{
    var latencies = new double[count];
    var next = -1;
    await Task.WhenAll(employers.Select(async (employer, loop) =>
    {
        var random = new Random(loop);
        int i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            var wage = random.Next(50, 150) * 1_000L;
            var started = Stopwatch.GetTimestamp();
            await move(employer, workers[random.Next(Workers)], wage, wage / 10);
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
    }));
    return latencies;
}

Task LedgerFirst(Guid employer, Guid worker, long wage, long fee) => ledger.AppendAsync(new LedgerTransaction(
    Guid.NewGuid(), LedgerTransactionKind.Adjustment,
    [
        new Posting(LedgerAccount.EmployerAvailable(employer), -(wage + fee)),
        new Posting(LedgerAccount.WorkerAvailable(worker), wage),
        new Posting(LedgerAccount.PlatformRevenue, fee),
    ],
    DateTimeOffset.UtcNow, "bench"));

Task OrleansTransactions(Guid employer, Guid worker, long wage, long fee) =>
    grains.GetGrain<IBenchTransferGrain>(0).Move(employer, [(worker, wage), (revenue, fee)]);

async Task<(long Commits, long Rows)> DatabaseWorkAsync()
{
    await using var connection = new NpgsqlConnection(db);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(
        "select xact_commit, tup_inserted + tup_updated + tup_deleted from pg_stat_database where datname = current_database()", connection);
    await using var reader = await command.ExecuteReaderAsync();
    await reader.ReadAsync();
    return (reader.GetInt64(0), reader.GetInt64(1));
}

async Task<Round> MeasureAsync(string name, Func<Guid, Guid, long, long, Task> move)
{
    // pg_stat_database lags its backends by up to half a second; wait it out on both sides of the round.
    await Task.Delay(TimeSpan.FromMilliseconds(800));
    var before = await DatabaseWorkAsync();
    var clock = Stopwatch.StartNew();
    var latencies = await RunAsync(move, transfers);
    var elapsed = clock.Elapsed;
    await Task.Delay(TimeSpan.FromMilliseconds(800));
    var after = await DatabaseWorkAsync();
    Array.Sort(latencies);
    return new Round(name, transfers / elapsed.TotalSeconds, latencies[transfers / 2], latencies[(int)(transfers * 0.99)],
        (double)(after.Commits - before.Commits) / transfers, (double)(after.Rows - before.Rows) / transfers);
}

await RunAsync(LedgerFirst, transfers / 5);
await RunAsync(OrleansTransactions, transfers / 5);
var ledgerRounds = new List<Round>();
var orleansRounds = new List<Round>();
for (var round = 0; round < rounds; round++)
{
    ledgerRounds.Add(await MeasureAsync("ledger-first: one PostgresLedgerStore append", LedgerFirst));
    orleansRounds.Add(await MeasureAsync("Orleans transactions: 3 transactional account grains", OrleansTransactions));
}

var ledgerTotal = await ledger.VerifyAsync();
var employerLeft = await Task.WhenAll(employers.Select(e => grains.GetGrain<IBenchAccountGrain>(e).Get()));
static Round Median(List<Round> runs) => runs.OrderBy(r => r.PerSecond).ElementAt(runs.Count / 2);
var l = Median(ledgerRounds);
var o = Median(orleansRounds);
string Row(Round r) => string.Create(CultureInfo.InvariantCulture,
    $"| {r.Name} | {r.PerSecond:F0} | {r.P50:F2} / {r.P99:F2} | {r.CommitsPer:F2} | {r.RowsPer:F1} |");
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{transfers} transfers per round, {concurrency} concurrent, {rounds} alternating rounds (median round shown), {Environment.ProcessorCount} cores:"));
Console.WriteLine();
Console.WriteLine("| design | transfers/s | p50 / p99 ms | PostgreSQL commits per transfer | rows written per transfer |");
Console.WriteLine("|---|---|---|---|---|");
Console.WriteLine(Row(l));
Console.WriteLine(Row(o));
Console.WriteLine();
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"Ratio (Orleans transactions / ledger-first): {o.PerSecond / l.PerSecond:F2}x throughput. Ledger verify after the run: {(ledgerTotal.Ok ? "ok" : ledgerTotal.Discrepancy.ToString())}; Orleans employer balances all non-negative: {employerLeft.All(b => b >= 0)}."));
Console.WriteLine();
Console.WriteLine("All rounds:");
foreach (var r in ledgerRounds.Concat(orleansRounds))
{
    Console.WriteLine(Row(r));
}

await host.StopAsync();

internal sealed record Round(string Name, double PerSecond, double P50, double P99, double CommitsPer, double RowsPer);
