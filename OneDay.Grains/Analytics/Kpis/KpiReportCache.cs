using System.Collections.Concurrent;
using OneDay.Grains.Interfaces.Analytics;

namespace OneDay.Grains.Analytics.Kpis;

/// <summary>
/// Reports answered in the last <see cref="KpiOptions.ReportCacheSeconds"/>, by query: dashboards ask the same
/// questions over and over, and the projection they read trails the event store by a second or more anyway. Per
/// silo, at most <see cref="MaxEntries"/> queries (all forgotten at once past that).
/// </summary>
public sealed class KpiReportCache(KpiOptions options, TimeProvider time)
{
    public const int MaxEntries = 1024;
    private readonly TimeSpan _lifetime = TimeSpan.FromSeconds(options.ReportCacheSeconds);

    private readonly ConcurrentDictionary<KpiQuery, (KpiReport Report, long At)> _reports = new();

    public async Task<KpiReport> GetOrAddAsync(KpiQuery query, Func<KpiQuery, Task<KpiReport>> read)
    {
        if (_lifetime <= TimeSpan.Zero)
        {
            return await read(query);
        }

        if (_reports.TryGetValue(query, out var cached) && time.GetElapsedTime(cached.At) < _lifetime)
        {
            return cached.Report;
        }

        var report = await read(query);
        if (_reports.Count >= MaxEntries)
        {
            _reports.Clear();
        }

        _reports[query] = (report, time.GetTimestamp());
        return report;
    }
}
