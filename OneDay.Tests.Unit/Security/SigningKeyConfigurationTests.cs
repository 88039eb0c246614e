using OneDay.Api.Hosting;
using OneDay.Hosting;
using OneDay.Silo.Hosting;

namespace OneDay.Tests.Unit.Security;

public sealed class SigningKeyConfigurationTests
{
    [Fact]
    public void A_cluster_gateway_without_a_signing_key_refuses_to_start_and_says_which_key()
    {
        var error = Assert.Throws<OneDayConfigurationException>(() => GatewayApp.Create(
            ["--OneDay:Mode=Cluster", "--OneDay:Gateways=127.0.0.1:30000", "--OneDay:Tls:Enabled=false", "--urls=http://127.0.0.1:0"]));
        Assert.Contains("OneDay:Security:SigningKey", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not base64 !!")]
    [InlineData("c2hvcnQ=")]
    public void A_malformed_or_short_signing_key_is_refused(string key)
    {
        var error = Assert.Throws<OneDayConfigurationException>(() => GatewayApp.Create(
            ["--OneDay:Mode=Cluster", "--OneDay:Gateways=127.0.0.1:30000", "--OneDay:Tls:Enabled=false", $"--OneDay:Security:SigningKey={key}", "--urls=http://127.0.0.1:0"]));
        Assert.Contains("SigningKey", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_embedded_default_makes_its_own_key()
    {
        await using var app = GatewayApp.Create(["--urls=http://127.0.0.1:0", "--OneDay:Mode=Embedded"], coHostSilo: EmbeddedSilo.CoHost);
        Assert.NotNull(app.Services.GetService(typeof(OneDay.Api.Security.SigningKey)));
    }
}
