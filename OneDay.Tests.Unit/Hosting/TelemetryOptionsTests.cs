using Microsoft.Extensions.Configuration;
using OneDay.Hosting;

namespace OneDay.Tests.Unit.Hosting;

public sealed class TelemetryOptionsTests
{
    [Theory]
    [InlineData("http://+:9464", 9464)]
    [InlineData("http://*:9100", 9100)]
    [InlineData("http://127.0.0.1:9465", 9465)]
    [InlineData("http://[::1]:9466/", 9466)]
    public void A_metrics_listener_is_an_http_address_with_a_port(string url, int port)
    {
        var options = Read(new() { ["OneDay:Telemetry:MetricsUrl"] = url });

        Assert.Equal(port, options.Telemetry.MetricsPort);
    }

    [Theory]
    [InlineData("https://+:9464")]
    [InlineData("http://+")]
    [InlineData("http://+:0")]
    [InlineData("http://+:9464/metrics")]
    [InlineData("9464")]
    public void Anything_else_stops_the_start(string url)
    {
        var error = Assert.Throws<OneDayConfigurationException>(() => Read(new() { ["OneDay:Telemetry:MetricsUrl"] = url }));

        Assert.Contains("OneDay:Telemetry:MetricsUrl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Traces_are_off_until_a_collector_or_the_switch_asks_for_them()
    {
        Assert.False(Read([]).Telemetry.TracesOn);
        Assert.True(Read(new() { ["OneDay:Telemetry:OtlpEndpoint"] = "http://collector:4317" }).Telemetry.TracesOn);
        Assert.True(Read(new() { ["OneDay:Telemetry:Traces"] = "true" }).Telemetry.TracesOn);
        Assert.False(Read(new() { ["OneDay:Telemetry:Traces"] = "true", ["OneDay:Telemetry:Enabled"] = "false" }).Telemetry.TracesOn);
    }

    [Theory]
    [InlineData("OneDay:Telemetry:OtlpEndpoint", "collector:4317")]
    [InlineData("OneDay:Telemetry:TraceSampleRatio", "1.5")]
    [InlineData("OneDay:Telemetry:TraceSampleRatio", "-0.1")]
    public void A_bad_trace_setting_stops_the_start(string key, string value)
    {
        var error = Assert.Throws<OneDayConfigurationException>(() => Read(new() { [key] = value }));

        Assert.Contains(key, error.Message, StringComparison.Ordinal);
    }

    private static OneDayOptions Read(Dictionary<string, string?> settings) =>
        OneDayConfiguration.Read(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
}
