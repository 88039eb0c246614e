using Microsoft.Extensions.Configuration;
using OneDay.Api.Hosting;
using OneDay.Hosting;
using OneDay.Silo.Hosting;

namespace OneDay.Tests.Unit.Hosting;

/// <summary>
/// Silos and gateways read one shared configuration (k8s' oneday-config ConfigMap), and each checks only the
/// keys it reads: a mistake in a silo-only key stops the silos, not the gateway, and the other way round.
/// </summary>
public sealed class ConfigurationRolesTests
{
    private static readonly string[] SiloMistakes =
        ["--OneDay:Domains=billing", "--OneDay:Streams:Provider=RabbitMQ", "--OneDay:RabbitMq:QueueCount=0", "--OneDay:Security:PasswordHashIterations=1"];

    [Fact]
    public async Task A_cluster_gateway_does_not_check_keys_only_silos_read()
    {
        await using var app = GatewayApp.Create(
            ["--OneDay:Mode=Cluster", "--OneDay:Gateways=127.0.0.1:30000", "--OneDay:Tls:Enabled=false", "--urls=http://127.0.0.1:0",
             $"--OneDay:Security:SigningKey={Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48))}", .. SiloMistakes]);
        Assert.NotNull(app.Services);
    }

    [Theory]
    [InlineData(0, "OneDay:Domains")]
    [InlineData(2, "OneDay:RabbitMq: The field QueueCount")]
    [InlineData(3, "OneDay:Security: The field PasswordHashIterations")]
    public void A_silo_stops_on_each_of_them_naming_the_key(int mistake, string named)
    {
        var configuration = Configuration(["--OneDay:Mode=Cluster", "--OneDay:Streams:Provider=RabbitMQ", SiloMistakes[mistake]]);
        var error = Assert.Throws<OneDayConfigurationException>(() => SiloSettings.Read(configuration, OneDayConfiguration.Read(configuration)));
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_cluster_silo_does_not_check_the_gateways_key()
    {
        var configuration = Configuration(["--OneDay:Mode=Cluster", "--OneDay:Gateways=no port here", "--OneDay:Postgres:ConnectionString=Host=db"]);
        var oneDay = OneDayConfiguration.Read(configuration);
        Assert.Equal("Host=db", SiloSettings.Read(configuration, oneDay).Postgres.ConnectionString);
        Assert.Throws<OneDayConfigurationException>(() => GatewayEndpoints.Parse(GatewaySettings.Read(configuration).Gateways));
    }

    private static IConfiguration Configuration(string[] args) => new ConfigurationBuilder().AddCommandLine(args).Build();
}
