using Microsoft.Extensions.Logging;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments;
using OneDay.Grains.Interfaces.Payments.Providers;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Payments;

[GenerateSerializer, Alias("oneday.payments.daily-reconciliation-state")]
public sealed class DailyReconciliationState
{
    [Id(0)] public DateOnly? LastDay { get; set; }

    /// <summary>Newest day first, at most <see cref="DailyReconciliationGrain.ReportsKept"/>.</summary>
    [Id(1)] public List<ReconciliationReport> Reports { get; set; } = [];
}

/// <summary>
/// Reconciles the provider's settlement report with the ledger once a day by reminder, so a difference is found
/// the morning after rather than when someone thinks to ask. The reminder ticks hourly and catches up every day
/// it missed (a silo down over midnight), a week of days per tick at most.
/// </summary>
[DomainPlacement(Domains.Payments)]
public sealed partial class DailyReconciliationGrain(
    [PersistentState("daily-reconciliation", Domains.Payments)] IPersistentState<DailyReconciliationState> state,
    TimeProvider time,
    ILogger<DailyReconciliationGrain> logger) : Grain, IDailyReconciliationGrain, IRemindable
{
    public const int ReportsKept = 62;
    private const int MaxDaysPerRun = 7;
    private const string Reminder = "daily-reconciliation";
    private static readonly TimeSpan Period = TimeSpan.FromHours(1);

    public async Task Start() => await this.RegisterOrUpdateReminder(Reminder, TimeSpan.FromMinutes(1), Period);

    public async Task<ReconciliationReport[]> RunDue()
    {
        var done = new List<ReconciliationReport>();
        foreach (var day in ReconciliationRules.DueDays(state.State.LastDay, time.GetUtcNow(), MaxDaysPerRun))
        {
            var report = await GrainFactory.Reference<IReconciliationGrain>(0).Reconcile(day);
            if (report.Differences.Length > 0)
            {
                LogDifferences(logger, report.Provider, SettlementDay.Key(day), report.Differences.Length, report.Matched);
            }

            state.State.Reports.Insert(0, report);
            if (state.State.Reports.Count > ReportsKept)
            {
                state.State.Reports.RemoveRange(ReportsKept, state.State.Reports.Count - ReportsKept);
            }

            state.State.LastDay = day;
            done.Add(report);
        }

        if (done.Count > 0)
        {
            await state.WriteStateAsync();
        }

        return [.. done];
    }

    public Task<ReconciliationReport[]> Reports() => Task.FromResult(state.State.Reports.ToArray());

    public Task ReceiveReminder(string reminderName, Orleans.Runtime.TickStatus status) => RunDue();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciliation with {Provider} for {Day}: {Differences} difference(s), {Matched} matched; GET /api/payments/reconciliation/daily lists them")]
    private static partial void LogDifferences(ILogger logger, string provider, string day, int differences, int matched);
}
