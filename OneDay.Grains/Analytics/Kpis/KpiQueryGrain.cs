using OneDay.Grains.Interfaces.Analytics;
using OneDay.Grains.Matching;
using Orleans.Concurrency;

namespace OneDay.Grains.Analytics.Kpis;

/// <summary>Answers KPI queries from the live projection's figures, on whichever silo the call lands.</summary>
[StatelessWorker]
public sealed class KpiQueryGrain(IKpiStore store, KpiReportCache cache) : Grain, IKpiQueryGrain
{
    public Task<KpiReport> Query(KpiQuery query) =>
        // Categories are counted as the matching domain normalizes them; one spelling of a query is one cache entry.
        cache.GetOrAddAsync(query with { Category = query.Category is { } category ? MatchingProfileRules.NormalizeName(category) : null }, ReadAsync);

    private async Task<KpiReport> ReadAsync(KpiQuery query)
    {
        var category = query.Category;
        var position = await store.PositionAsync(KpiProjections.Live);
        var days = await store.ReadDaysAsync(KpiProjections.Live, query.From, query.To, category, query.Region);
        var active = await store.ReadActiveAsync(
            KpiProjections.Live, query.Granularity, KpiReports.Start(query.Granularity, query.From), query.To);
        return new KpiReport(query, KpiReports.Rows(query, days, active), position);
    }

    public async Task<EmployerFunnel> EmployerFunnel(Guid employerId)
    {
        var position = await store.PositionAsync(KpiProjections.Live);
        var c = await store.ReadEmployerAsync(KpiProjections.Live, employerId);
        return new EmployerFunnel(c.JobsPosted, c.Applications, c.AcceptedApplications, c.ShiftsWorked, c.NoShows, c.SpentKrw, position);
    }
}
