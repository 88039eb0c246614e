namespace OneDay.Grains.Interfaces.Matching;

/// <summary>
/// What workers see of an employer beside each of their jobs, from the employer's reputation. Only the rating counts in
/// the score; the rest is shown, as a worker's reliability is shown to employers, so a pair scores the same both ways.
/// </summary>
/// <param name="AverageRating">Stars from workers, 1 to 5; null before any.</param>
/// <param name="AcceptedShiftsCancelled">
/// Shifts they cancelled on a worker they had accepted, alone or with the whole job; cancelling a job nobody was accepted
/// for lets nobody down and does not count.
/// </param>
/// <param name="ShiftsPaid">Shifts they confirmed or that confirmed themselves, each paying its worker.</param>
/// <param name="ShiftsPaidOnTime">Of those, the ones the employer confirmed before the platform had to.</param>
[GenerateSerializer, Immutable, Alias("oneday.matching.employer-record")]
public sealed record EmployerRecord(
    [property: Id(0)] double? AverageRating,
    [property: Id(1)] int RatingCount,
    [property: Id(2)] int AcceptedShiftsCancelled,
    [property: Id(3)] int ShiftsPaid,
    [property: Id(4)] int ShiftsPaidOnTime)
{
    public static EmployerRecord None { get; } = new(null, 0, 0, 0, 0);

    public static EmployerRecord Of(Reputation reputation) => new(
        reputation.AverageEmployerRating, reputation.EmployerRatingCount, reputation.AcceptedShiftsCancelled,
        reputation.ShiftsPaidOnTime + reputation.ShiftsPaidLate, reputation.ShiftsPaidOnTime);
}

/// <summary>The records of a shard of the employers, as one immutable map.</summary>
[GenerateSerializer, Immutable, Alias("oneday.matching.employer-records")]
public sealed record EmployerRecordsSnapshot([property: Id(0)] long Revision, [property: Id(1)] IReadOnlyDictionary<Guid, EmployerRecord> Records);

/// <summary>
/// The employer-records read model: the record of every employer something happened to, in
/// <see cref="EmployerRecords.Shards"/> shards (key = shard number) so that each stays small. Written by the employers'
/// reputations, read whole by the matching grains, which rate and show every job of an employer with it without asking
/// anyone per job.
/// </summary>
[Alias("oneday.matching.IEmployerRecordsGrain")]
public interface IEmployerRecordsGrain : IGrainWithIntegerKey
{
    [Alias("set")]
    Task Set(Guid employerId, EmployerRecord record);

    [Alias("snapshot")]
    Task<EmployerRecordsSnapshot> Snapshot();
}

public static class EmployerRecords
{
    public const int Shards = 16;

    /// <summary>From the id's own bytes (random in a v4 id), the same in every process.</summary>
    public static int ShardOf(Guid employerId)
    {
        Span<byte> bytes = stackalloc byte[16];
        employerId.TryWriteBytes(bytes);
        return (int)(System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes[12..]) % Shards);
    }
}
