using System.Buffers.Binary;
using OneDay.Grains.Interfaces.Matching;

namespace OneDay.Grains.Matching.Candidates;

/// <summary>The position of a worker among a job's candidates: see <see cref="CandidateSpread"/>.</summary>
/// <param name="Band">The score's step: higher first.</param>
/// <param name="Rotation">A hash of the job and the worker: lower first within a band.</param>
public readonly record struct SpreadRank(long Band, ulong Rotation, Guid WorkerId) : IComparable<SpreadRank>
{
    public static SpreadRank Of(Guid jobId, Guid workerId, double score) => new(BandOf(score), RotationOf(jobId, workerId), workerId);

    public static long BandOf(double score) => (long)Math.Floor(score / CandidateSpread.Step);

    /// <summary>Negative when this ranks before <paramref name="other"/>; the worker id settles the (unlikely) equal hashes.</summary>
    public int CompareTo(SpreadRank other) =>
        Band != other.Band ? other.Band.CompareTo(Band)
        : Rotation != other.Rotation ? Rotation.CompareTo(other.Rotation)
        : WorkerId.CompareTo(other.WorkerId);

    public static bool operator <(SpreadRank left, SpreadRank right) => left.CompareTo(right) < 0;

    public static bool operator <=(SpreadRank left, SpreadRank right) => left.CompareTo(right) <= 0;

    public static bool operator >(SpreadRank left, SpreadRank right) => left.CompareTo(right) > 0;

    public static bool operator >=(SpreadRank left, SpreadRank right) => left.CompareTo(right) >= 0;

    /// <summary>
    /// Stable across processes and releases (unlike <see cref="HashCode"/>), and spread evenly: the two ids' bytes
    /// folded together and mixed by the SplitMix64 finaliser.
    /// </summary>
    public static ulong RotationOf(Guid jobId, Guid workerId)
    {
        Span<byte> job = stackalloc byte[16];
        Span<byte> worker = stackalloc byte[16];
        jobId.TryWriteBytes(job);
        workerId.TryWriteBytes(worker);
        var x = BinaryPrimitives.ReadUInt64LittleEndian(job) ^ BinaryPrimitives.ReadUInt64LittleEndian(job[8..]) * 0x9E3779B97F4A7C15UL
            ^ BinaryPrimitives.ReadUInt64LittleEndian(worker) * 0xC2B2AE3D27D4EB4FUL ^ BinaryPrimitives.ReadUInt64LittleEndian(worker[8..]);
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
