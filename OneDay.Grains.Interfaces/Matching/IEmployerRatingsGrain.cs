namespace OneDay.Grains.Interfaces.Matching;

/// <summary>The average ratings of a shard of the employers workers rated, as one immutable map.</summary>
[GenerateSerializer, Immutable, Alias("oneday.matching.employer-ratings")]
public sealed record EmployerRatingsSnapshot([property: Id(0)] long Revision, [property: Id(1)] IReadOnlyDictionary<Guid, double> Ratings);

/// <summary>
/// The employer-ratings read model: every rated employer's average, in <see cref="EmployerRatings.Shards"/> shards
/// (key = shard number) so that each stays small. Written by the employers' reputations, read whole by the matching
/// grains, which score every job of an employer with it without asking anyone per job.
/// </summary>
[Alias("oneday.matching.IEmployerRatingsGrain")]
public interface IEmployerRatingsGrain : IGrainWithIntegerKey
{
    [Alias("set")]
    Task Set(Guid employerId, double averageRating);

    [Alias("snapshot")]
    Task<EmployerRatingsSnapshot> Snapshot();
}

public static class EmployerRatings
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
