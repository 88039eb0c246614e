using System.Globalization;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Security;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Security;

[DomainPlacement(Domains.Security)]
public sealed class UnknownAccountThrottleGrain(SignInClock clock) : Grain, IUnknownAccountThrottleGrain
{
    public const int Shards = 16;

    /// <summary>Addresses each shard remembers (a few hundred bytes each).</summary>
    public const int CapacityPerShard = 1024;

    private readonly UnknownAddressThrottles _throttles = new(CapacityPerShard);

    /// <summary>The shard that throttles <paramref name="account"/>, an email index key (hexadecimal).</summary>
    public static long ShardOf(string account) => int.Parse(account.AsSpan(0, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) % Shards;

    public Task<LoginResult?> NoteFailedLogin(string account, string? source)
    {
        // Same sequence as a real account: the failure that locks still answers "invalid", later ones "locked".
        var now = clock.UtcNow;
        return Task.FromResult(_throttles.NoteFailure(account, source, now) is { } until ? LoginResult.Locked(until, now) : null);
    }
}
