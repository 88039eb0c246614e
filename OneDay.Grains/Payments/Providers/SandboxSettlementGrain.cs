using OneDay.Grains.Batching;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Payments.Providers;
using OneDay.Grains.Placement;
using Orleans.Concurrency;

namespace OneDay.Grains.Payments.Providers;

[GenerateSerializer, Alias("oneday.payments.providers.sandbox-settlement-state")]
public sealed class SandboxSettlementState
{
    [Id(0)]
    public Dictionary<string, SettlementEntry> Entries { get; set; } = [];
}

/// <summary>
/// The sandbox's settlement records of one day, from which it answers the day's report. Every payment and
/// payout of the day reports here, so it is reentrant and group-commits: records arriving during a write
/// go together in the next one.
/// </summary>
[Reentrant]
[DomainPlacement(Domains.Payments)]
public sealed class SandboxSettlementGrain : Grain, ISandboxSettlementGrain
{
    private readonly IPersistentState<SandboxSettlementState> _state;
    private readonly TurnGroupCommit _writes;

    public SandboxSettlementGrain([PersistentState("sandbox-settlement", Domains.Payments)] IPersistentState<SandboxSettlementState> state)
    {
        _state = state;
        _writes = new TurnGroupCommit(state.WriteStateAsync);
    }

    public Task Record(IReadOnlyList<SettlementEntry> entries)
    {
        var added = false;
        foreach (var entry in entries)
        {
            added |= _state.State.Entries.TryAdd(entry.EntryId, entry);
        }

        return added ? _writes.WriteAsync() : Task.CompletedTask;
    }

    public Task<SettlementReport> Report() =>
        Task.FromResult(SandboxSettlement.Report(DateOnly.Parse(this.GetPrimaryKeyString(), System.Globalization.CultureInfo.InvariantCulture), _state.State.Entries.Values));
}

public static class SandboxSettlement
{
    /// <summary>The day's entries in the order they happened.</summary>
    public static SettlementReport Report(DateOnly day, IEnumerable<SettlementEntry> entries) =>
        new(day, [.. entries.Where(e => SettlementDay.Of(e.OccurredAt) == day).OrderBy(e => e.OccurredAt).ThenBy(e => e.EntryId, StringComparer.Ordinal)]);
}
