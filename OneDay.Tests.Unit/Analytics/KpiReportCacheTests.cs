using Microsoft.Extensions.Time.Testing;
using OneDay.Grains.Analytics.Kpis;
using OneDay.Grains.Interfaces.Analytics;

namespace OneDay.Tests.Unit.Analytics;

public sealed class KpiReportCacheTests
{
    private static readonly KpiQuery Query = new(new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 7), KpiGranularity.Day, null, null);

    [Fact]
    public async Task The_same_query_is_read_once_a_lifetime()
    {
        var time = new FakeTimeProvider();
        var cache = new KpiReportCache(new KpiOptions { ReportCacheSeconds = 1 }, time);
        var reads = 0;

        await cache.GetOrAddAsync(Query, Read);
        await cache.GetOrAddAsync(Query, Read);
        await cache.GetOrAddAsync(Query with { Category = "cafe" }, Read);
        Assert.Equal(2, reads);

        time.Advance(TimeSpan.FromSeconds(1));
        var fresh = await cache.GetOrAddAsync(Query, Read);
        Assert.Equal(3, reads);
        Assert.Equal(3, fresh.ThroughSequence);

        Task<KpiReport> Read(KpiQuery query) => Task.FromResult(new KpiReport(query, [], ++reads));
    }

    [Fact]
    public async Task A_lifetime_of_zero_reads_every_time()
    {
        var cache = new KpiReportCache(new KpiOptions { ReportCacheSeconds = 0 }, new FakeTimeProvider());
        var reads = 0;

        await cache.GetOrAddAsync(Query, Read);
        await cache.GetOrAddAsync(Query, Read);

        Assert.Equal(2, reads);

        Task<KpiReport> Read(KpiQuery query) => Task.FromResult(new KpiReport(query, [], ++reads));
    }
}
