using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OneDay.Api.Hosting;
using OneDay.Hosting;
using Orleans.Configuration;

namespace OneDay.Tests.Unit.Hosting;

public sealed class GatewayEndpointsTests
{
    [Fact]
    public void Names_and_addresses_with_ports_are_endpoints()
    {
        var parsed = GatewayEndpoints.Parse(" oneday-silo-gateways:30000, 10.0.0.7:30001,[::1]:30002 ");
        Assert.Equal([("oneday-silo-gateways", 30000), ("10.0.0.7", 30001), ("::1", 30002)], parsed.Endpoints);
        Assert.Equal(0, GatewayEndpoints.Parse(null).Count);
    }

    [Theory]
    [InlineData("silo")]
    [InlineData("silo:")]
    [InlineData(":30000")]
    [InlineData("silo:0")]
    [InlineData("silo:65536")]
    [InlineData("silo:+30000")]
    [InlineData("si lo:30000")]
    public void Anything_else_stops_the_process_at_start_naming_the_entry(string entry)
    {
        var error = Assert.Throws<OneDayConfigurationException>(() => GatewayEndpoints.Parse($"10.0.0.7:30000,{entry}"));
        Assert.Contains($"'{entry}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_name_stands_for_every_address_it_resolves_to_and_an_unknown_one_is_skipped()
    {
        var provider = new DnsGatewayListProvider(
            GatewayEndpoints.Parse("localhost:30000,127.0.0.9:30001,no-such-silo.invalid:30000"),
            Options.Create(new GatewayOptions()),
            NullLogger<DnsGatewayListProvider>.Instance);

        var gateways = await provider.GetGateways();

        var expected = (await Dns.GetHostAddressesAsync("localhost"))
            .Select(a => new IPEndPoint(a, 30000))
            .Append(new IPEndPoint(IPAddress.Parse("127.0.0.9"), 30001))
            .Select(e => SiloAddress.New(e, 0).ToGatewayUri().ToString())
            .Distinct();
        Assert.Equal(expected.Order(StringComparer.Ordinal), gateways.Select(g => g.ToString()).Order(StringComparer.Ordinal));
    }
}
