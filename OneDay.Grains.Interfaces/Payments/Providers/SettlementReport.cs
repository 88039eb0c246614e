namespace OneDay.Grains.Interfaces.Payments.Providers;

public enum SettlementEntryKind
{
    /// <summary>A payment became DONE: the provider owes the merchant its amount less the fee.</summary>
    Payment = 0,

    /// <summary>A done payment was cancelled: amount and fee are given back (both negative).</summary>
    Cancellation = 1,

    /// <summary>A payout completed: the amount left the merchant's balance at the provider, plus the payout fee.</summary>
    Payout = 2,
}

/// <summary>One line of a provider's daily settlement report. <see cref="EntryId"/> is the provider's event id.</summary>
[GenerateSerializer, Immutable, Alias("oneday.payments.providers.settlement-entry")]
public sealed record SettlementEntry(
    [property: Id(0)] string EntryId,
    [property: Id(1)] SettlementEntryKind Kind,
    [property: Id(2)] string Reference,
    [property: Id(3)] string? PaymentKey,
    [property: Id(4)] long AmountKrw,
    [property: Id(5)] long FeeKrw,
    [property: Id(6)] DateTimeOffset OccurredAt);

/// <summary>What the provider settled on one day (<see cref="SettlementDay"/>), in the order it happened.</summary>
[GenerateSerializer, Immutable, Alias("oneday.payments.providers.settlement-report")]
public sealed record SettlementReport(
    [property: Id(0)] DateOnly Day,
    [property: Id(1)] IReadOnlyList<SettlementEntry> Entries)
{
    /// <summary>Payments less cancellations.</summary>
    public long CollectedKrw => Entries.Where(e => e.Kind != SettlementEntryKind.Payout).Sum(e => e.AmountKrw);

    public long PaidOutKrw => Entries.Where(e => e.Kind == SettlementEntryKind.Payout).Sum(e => e.AmountKrw);

    public long FeesKrw => Entries.Sum(e => e.FeeKrw);
}

/// <summary>
/// The day an entry belongs to. Korean providers settle per Korean business day, so a day runs from midnight
/// KST (UTC+9, no daylight saving): 23:30 UTC already counts for the next day.
/// </summary>
public static class SettlementDay
{
    public static readonly TimeSpan KoreaOffset = TimeSpan.FromHours(9);

    public static DateOnly Of(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(KoreaOffset).DateTime);

    /// <summary>Midnight KST that starts <paramref name="day"/>.</summary>
    public static DateTimeOffset Start(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), KoreaOffset);

    /// <summary>The grain key of a day's report.</summary>
    public static string Key(DateOnly day) => day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}
