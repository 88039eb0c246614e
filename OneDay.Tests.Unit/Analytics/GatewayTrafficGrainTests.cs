using Microsoft.Extensions.Time.Testing;
using OneDay.Grains.Analytics;
using OneDay.Grains.Interfaces.Analytics;

namespace OneDay.Tests.Unit.Analytics;

public sealed class GatewayTrafficGrainTests
{
    [Fact]
    public void Counts_of_several_gateways_add_up_bucket_by_bucket()
    {
        var a = new RequestCounts(10, 1, [5, 5], 60);
        var b = new RequestCounts(4, 0, [1, 2, 1], 60);

        var sum = a.Add(b);

        Assert.Equal((14L, 1L, 60), (sum.Requests, sum.Errors, sum.WindowSeconds));
        Assert.Equal([6L, 7L, 1L], sum.Latency);
        Assert.Equal(sum.Latency, b.Add(a).Latency);
    }

    [Fact]
    public async Task A_gateway_that_stopped_reporting_drops_out()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UnixEpoch);
        var grain = new GatewayTrafficGrain(time);
        await grain.Report("a", new RequestCounts(10, 0, [10], 60));
        time.Advance(TimeSpan.FromSeconds(10));
        await grain.Report("b", new RequestCounts(5, 0, [5], 60));

        Assert.Equal(15, (await grain.Read()).Total.Requests);
        time.Advance(GatewayTrafficGrain.Expiry - TimeSpan.FromSeconds(9));

        var traffic = (await grain.Read());
        Assert.Equal(["b"], traffic.ByGateway.Keys);
        Assert.Equal(5, traffic.Total.Requests);
    }
}
