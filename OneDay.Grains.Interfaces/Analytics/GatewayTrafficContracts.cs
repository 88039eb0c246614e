namespace OneDay.Grains.Interfaces.Analytics;

/// <summary>
/// A gateway's requests over its last window: how many, how many answered 5xx, and their times as a histogram
/// (<see cref="Latency"/>, buckets the gateway defines), so the windows of several gateways add up exactly.
/// </summary>
[GenerateSerializer, Immutable, Alias("oneday.analytics.request-counts")]
public sealed record RequestCounts(
    [property: Id(0)] long Requests,
    [property: Id(1)] long Errors,
    [property: Id(2)] IReadOnlyList<long> Latency,
    [property: Id(3)] int WindowSeconds)
{
    public RequestCounts Add(RequestCounts other) => new(
        Requests + other.Requests,
        Errors + other.Errors,
        Latency.Count >= other.Latency.Count
            ? Latency.Select((n, i) => n + (i < other.Latency.Count ? other.Latency[i] : 0)).ToArray()
            : other.Add(this).Latency,
        Math.Max(WindowSeconds, other.WindowSeconds));
}

/// <param name="ByGateway">Each gateway that reported recently, by the name it reports under, and its last counts.</param>
[GenerateSerializer, Immutable, Alias("oneday.analytics.gateway-traffic")]
public sealed record GatewayTraffic([property: Id(0)] IReadOnlyDictionary<string, RequestCounts> ByGateway)
{
    public RequestCounts Total => ByGateway.Values.Aggregate(new RequestCounts(0, 0, [], 0), (sum, c) => sum.Add(c));
}

/// <summary>
/// Every gateway's requests of the last minute, for the operator console: each gateway reports its window every
/// few seconds, and a gateway that stopped reporting drops out. Kept in memory only: lost with its silo, it is
/// whole again after one round of reports.
/// </summary>
[Alias("oneday.analytics.IGatewayTrafficGrain")]
public interface IGatewayTrafficGrain : IGrainWithIntegerKey
{
    [Alias("report")]
    Task Report(string gateway, RequestCounts counts);

    [Alias("read")]
    Task<GatewayTraffic> Read();
}
