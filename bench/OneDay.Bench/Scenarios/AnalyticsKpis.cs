using OneDay.Bench.Prepare;
using OneDay.Testing;

namespace OneDay.Bench.Scenarios;

/// <summary>
/// GET /api/analytics/kpis over the last 90 days, on the cluster topology, with a million events in the store and
/// their projection caught up: the query reads the projection's days (PostgreSQL), never the events.
/// </summary>
internal sealed class AnalyticsKpis : Scenario
{
    public override string Name => "analytics-kpis";
    public override string Description => "90-day KPI queries (day, week, one category) over 1,000,000 stored events (cluster)";
    public override AppMode Mode => AppMode.Cluster;
    public override string Path => "/api/analytics/kpis";
    public override string? Lua => "analytics-kpis.lua";
    public override BaselineKind Baseline => BaselineKind.None;
    public override double? TargetP99Ms => 50;
    public override bool SignsOwnTokens => true;

    // BENCH_KPI_CACHE_SECONDS=0 measures every query on PostgreSQL, without the silos' report cache.
    public override IReadOnlyDictionary<string, string> SiloEnvironment => new Dictionary<string, string>
    {
        ["OneDay__Kpis__ReportCacheSeconds"] = Running.BenchSettings.Int("BENCH_KPI_CACHE_SECONDS", 1).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    public override async Task PrepareAsync(PrepareContext context)
    {
        var connectionString = context.ConnectionString ?? throw new InvalidOperationException("analytics-kpis seeds PostgreSQL: cluster mode only.");
        var events = Running.BenchSettings.Int("BENCH_KPI_EVENTS", 1_000_000);
        var token = BenchTokens.Sign(context.SigningKey, ["admin"]);
        var seeding = System.Diagnostics.Stopwatch.StartNew();
        var last = await KpiEventSeeder.SeedAsync(connectionString, events / KpiEventSeeder.EventsPerJob, context.Cancellation);
        Console.WriteLine($"   analytics-kpis: {events:N0} events stored below the app in {seeding.Elapsed.TotalSeconds:F0} s; waiting for the projection");
        var projected = await KpiEventSeeder.WaitProjectedAsync(
            context.Http, context.BaseUrl, token, last, TimeSpan.FromMinutes(30), context.Cancellation);
        Console.WriteLine($"   analytics-kpis: projected through event {last:N0} in {projected.TotalSeconds:F0} s ({events / projected.TotalSeconds:N0} events/s)");
        context.Exports["BENCH_TOKEN"] = token;
        context.Exports["BENCH_KPI_FROM"] = KpiEventSeeder.Day(-89);
        context.Exports["BENCH_KPI_TO"] = KpiEventSeeder.Day(0);
    }
}
