using OneDay.Api.Hosting;
using OneDay.Hosting;
using OneDay.Silo.Hosting;

namespace OneDay.Tests.Unit.Hosting;

/// <summary>The forwarding settings a gateway refuses at start; OneDay.Tests sends forwarded requests through one.</summary>
public sealed class ForwardedHeadersConfigurationTests
{
    [Theory]
    [InlineData("KnownProxies", "10.0.0.300")]
    [InlineData("KnownNetworks", "10.0.0.0/33")]
    [InlineData("KnownNetworks", "proxies")]
    [InlineData("ForwardLimit", "0")]
    public void A_malformed_forwarding_setting_stops_the_gateway_at_start(string key, string value)
    {
        var error = Assert.Throws<OneDayConfigurationException>(() => GatewayApp.Create(
            ["--urls=http://127.0.0.1:0", "--OneDay:Mode=Embedded", "--OneDay:ForwardedHeaders:KnownProxies=127.0.0.1", $"--OneDay:ForwardedHeaders:{key}={value}"],
            coHostSilo: EmbeddedSilo.CoHost));
        Assert.Contains("OneDay:ForwardedHeaders", error.Message, StringComparison.Ordinal);
    }
}
