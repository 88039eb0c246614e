using System.Globalization;
using OneDay.Grains.Interfaces.Analytics;

namespace OneDay.Grains.Analytics.Kpis;

/// <summary>Two projections of the same events, day by day and week by week: they must agree to the won.</summary>
public static class KpiComparison
{
    public static async Task<KpiVerification> CompareAsync(IKpiStore store, string live, string replay, long through)
    {
        var (from, to) = (DateOnly.MinValue, DateOnly.MaxValue);
        var liveDays = (await store.ReadDaysAsync(live, from, to, null, null)).ToDictionary(d => d.Day, d => d.Counters);
        var replayDays = (await store.ReadDaysAsync(replay, from, to, null, null)).ToDictionary(d => d.Day, d => d.Counters);
        var differences = new List<string>();
        foreach (var day in liveDays.Keys.Union(replayDays.Keys).Order())
        {
            var a = Describe(liveDays.GetValueOrDefault(day));
            var b = Describe(replayDays.GetValueOrDefault(day));
            if (a != b)
            {
                differences.Add($"{Day(day)}: live {a}; replayed {b}");
            }
        }

        foreach (var granularity in new[] { KpiGranularity.Day, KpiGranularity.Week })
        {
            var liveActive = (await store.ReadActiveAsync(live, granularity, from, to)).ToHashSet();
            var replayActive = (await store.ReadActiveAsync(replay, granularity, from, to)).ToHashSet();
            foreach (var (start, role, users) in liveActive.Except(replayActive).OrderBy(a => a.PeriodStart))
            {
                var replayed = replayActive.Where(r => r.PeriodStart == start && r.Role == role).Sum(r => r.Users);
                differences.Add($"{Day(start)} ({granularity.ToString().ToLowerInvariant()}): active {role}s live {users}; replayed {replayed}");
            }

            foreach (var (start, role, users) in replayActive.Where(r => !liveActive.Any(l => l.PeriodStart == r.PeriodStart && l.Role == r.Role)))
            {
                differences.Add($"{Day(start)} ({granularity.ToString().ToLowerInvariant()}): active {role}s live 0; replayed {users}");
            }
        }

        return new KpiVerification(through, liveDays.Keys.Union(replayDays.Keys).Count(), differences);
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Describe(KpiCounters? counters) =>
        counters is null ? "nothing"
        : $"{string.Join(' ', counters.ToArray())} | {string.Join(' ', counters.FillMinutes)} | {string.Join(' ', counters.ReplyMinutes)}";
}
