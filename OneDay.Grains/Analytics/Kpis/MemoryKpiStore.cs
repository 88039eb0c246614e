using OneDay.Grains.Interfaces.Analytics;

namespace OneDay.Grains.Analytics.Kpis;

/// <summary>Embedded mode's KPI store: the process's memory, lost with it like the event store it is built from.</summary>
public sealed class MemoryKpiStore : IKpiStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Projection> _projections = new(StringComparer.Ordinal);

    public Task<long> PositionAsync(string projection, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return Task.FromResult(_projections.TryGetValue(projection, out var p) ? p.Position : 0);
        }
    }

    public Task ApplyAsync(string projection, KpiBatch batch, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var p = _projections.GetOrNew(projection);
            if (p.Position != batch.FromPosition)
            {
                throw new KpiPositionConflictException(projection, batch.FromPosition);
            }

            foreach (var (key, counters) in batch.CellsWithSums())
            {
                p.Cells.GetOrNew(key).Add(counters);
            }

            foreach (var (day, role, user) in batch.Active)
            {
                Count(p, KpiGranularity.Day, day, role, user);
                Count(p, KpiGranularity.Week, KpiCalendar.WeekOf(day), role, user);
            }

            foreach (var (employer, counters) in batch.Employers)
            {
                p.Employers.GetOrNew(employer).Add(counters);
            }

            p.Position = batch.ToPosition;
            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<(DateOnly Day, KpiCounters Counters)>> ReadDaysAsync(
        string projection, DateOnly from, DateOnly to, string? category, string? region, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var days = new SortedDictionary<DateOnly, KpiCounters>();
            if (_projections.TryGetValue(projection, out var p))
            {
                var (wantedCategory, wantedRegion) = (category ?? KpiBatch.All, region ?? KpiBatch.All);
                foreach (var ((day, cellCategory, cellRegion), counters) in p.Cells)
                {
                    if (day >= from && day <= to && cellCategory == wantedCategory && cellRegion == wantedRegion)
                    {
                        days.GetOrNew(day).Add(counters);
                    }
                }
            }

            return Task.FromResult<IReadOnlyList<(DateOnly, KpiCounters)>>(days.Select(d => (d.Key, d.Value)).ToArray());
        }
    }

    public Task<IReadOnlyList<(DateOnly PeriodStart, string Role, long Users)>> ReadActiveAsync(
        string projection, KpiGranularity granularity, DateOnly from, DateOnly to, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            IReadOnlyList<(DateOnly, string, long)> counts = _projections.TryGetValue(projection, out var p)
                ? p.ActiveCounts.Where(c => c.Key.Granularity == granularity && c.Key.Start >= from && c.Key.Start <= to)
                    .Select(c => (c.Key.Start, c.Key.Role, c.Value))
                    .ToArray()
                : [];
            return Task.FromResult(counts);
        }
    }

    public Task<EmployerCounters> ReadEmployerAsync(string projection, Guid employerId, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var counters = new EmployerCounters();
            if (_projections.TryGetValue(projection, out var p) && p.Employers.TryGetValue(employerId, out var stored))
            {
                counters.Add(stored);
            }

            return Task.FromResult(counters);
        }
    }

    public Task DropAsync(string projection, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _projections.Remove(projection);
            return Task.CompletedTask;
        }
    }

    private static void Count(Projection p, KpiGranularity granularity, DateOnly start, string role, Guid user)
    {
        if (p.Active.Add((granularity, start, role, user)))
        {
            p.ActiveCounts[(granularity, start, role)] = p.ActiveCounts.GetValueOrDefault((granularity, start, role)) + 1;
        }
    }

    private sealed class Projection
    {
        public long Position { get; set; }

        public Dictionary<(DateOnly Day, string Category, string Region), KpiCounters> Cells { get; } = [];

        public HashSet<(KpiGranularity Granularity, DateOnly Start, string Role, Guid User)> Active { get; } = [];

        public Dictionary<(KpiGranularity Granularity, DateOnly Start, string Role), long> ActiveCounts { get; } = [];

        public Dictionary<Guid, EmployerCounters> Employers { get; } = [];
    }
}
