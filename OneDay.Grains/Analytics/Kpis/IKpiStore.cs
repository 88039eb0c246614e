using OneDay.Grains.Interfaces.Analytics;

namespace OneDay.Grains.Analytics.Kpis;

/// <summary>
/// Where KPI projections keep their figures: PostgreSQL in cluster mode, memory embedded. A projection is named
/// ("live", or a replay's scratch name), so a replay can run beside the live one and be compared with it.
/// </summary>
public interface IKpiStore
{
    /// <summary>The last event store sequence the projection applied; 0 for a new one.</summary>
    Task<long> PositionAsync(string projection, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds the batch and moves the projection to its <see cref="KpiBatch.ToPosition"/>, all or nothing. Refused
    /// with <see cref="KpiPositionConflictException"/> when the projection is no longer at its FromPosition (another
    /// projector got there first), so no event is counted twice.
    /// </summary>
    Task ApplyAsync(string projection, KpiBatch batch, CancellationToken cancellationToken = default);

    /// <summary>
    /// Each day from <paramref name="from"/> to <paramref name="to"/> that has figures: of one category and region, or
    /// (where either is null) their sum, which the store keeps beside the cells (<see cref="KpiBatch.CellsWithSums"/>).
    /// </summary>
    Task<IReadOnlyList<(DateOnly Day, KpiCounters Counters)>> ReadDaysAsync(
        string projection, DateOnly from, DateOnly to, string? category, string? region, CancellationToken cancellationToken = default);

    /// <summary>Distinct active users per period (a day, or the ISO week starting that Monday) and role.</summary>
    Task<IReadOnlyList<(DateOnly PeriodStart, string Role, long Users)>> ReadActiveAsync(
        string projection, KpiGranularity granularity, DateOnly from, DateOnly to, CancellationToken cancellationToken = default);

    Task<EmployerCounters> ReadEmployerAsync(string projection, Guid employerId, CancellationToken cancellationToken = default);

    /// <summary>Removes a projection's figures and position (a replay's scratch projection, once compared).</summary>
    Task DropAsync(string projection, CancellationToken cancellationToken = default);
}

public sealed class KpiPositionConflictException(string projection, long expected)
    : Exception($"KPI projection '{projection}' is no longer at position {expected}: another projector moved it.");
