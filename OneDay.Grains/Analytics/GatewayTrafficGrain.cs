using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Analytics;
using OneDay.Grains.Placement;

namespace OneDay.Grains.Analytics;

[DomainPlacement(Domains.Analytics)]
public sealed class GatewayTrafficGrain(TimeProvider time) : Grain, IGatewayTrafficGrain
{
    /// <summary>Three missed reports: the gateway is gone (or cannot reach the cluster, so it answers nothing either).</summary>
    public static readonly TimeSpan Expiry = TimeSpan.FromSeconds(15);

    private readonly Dictionary<string, (RequestCounts Counts, DateTimeOffset At)> _reports = new(StringComparer.Ordinal);

    public Task Report(string gateway, RequestCounts counts)
    {
        _reports[gateway] = (counts, time.GetUtcNow());
        return Task.CompletedTask;
    }

    public Task<GatewayTraffic> Read()
    {
        var cutoff = time.GetUtcNow() - Expiry;
        foreach (var gone in _reports.Where(r => r.Value.At < cutoff).Select(r => r.Key).ToArray())
        {
            _reports.Remove(gone);
        }

        return Task.FromResult(new GatewayTraffic(_reports.ToDictionary(r => r.Key, r => r.Value.Counts, StringComparer.Ordinal)));
    }
}
