using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Grains.Security;
using OneDay.Hosting;
using OneDay.Silo.Hosting;
using OneDay.Silo.Security;

namespace OneDay.Tests.Unit.Deployment;

/// <summary>compose.yaml read as YAML (no Docker engine here): what it publishes and where its keys come from.</summary>
public sealed class ComposeTests
{
    private static readonly IReadOnlyList<ComposeService> Services = ComposeService.LoadRepository();

    [Fact]
    public void Compose_publishes_ports_on_this_host_only()
    {
        var ports = Services.SelectMany(s => s.Ports.Select(p => (s.Name, Port: p))).ToArray();
        Assert.NotEmpty(ports);
        Assert.All(ports, p => Assert.StartsWith("127.0.0.1:", p.Port, StringComparison.Ordinal));
    }

    [Fact]
    public void Compose_carries_no_key_and_each_process_reads_one_generated_for_it()
    {
        Assert.DoesNotContain(Services.SelectMany(s => s.Environment.Keys), key => key.EndsWith("Key", StringComparison.Ordinal));

        var generator = Assert.Single(Services, s => s.Command is ["secrets", ..]);
        var gateway = Services.Single(s => s.IsGateway);
        var silos = Services.Where(s => s.IsSilo).ToArray();
        Assert.NotEmpty(silos);

        AssertReadsGenerated(gateway, "OneDay__Security__SigningKeyFile", ClusterSecrets.SigningKeyFile, generator);
        Assert.DoesNotContain("OneDay__Security__SiloKeyFile", gateway.Environment.Keys);
        foreach (var silo in silos)
        {
            AssertReadsGenerated(silo, "OneDay__Security__SiloKeyFile", ClusterSecrets.SiloKeyFile, generator);
            Assert.DoesNotContain("OneDay__Security__SigningKeyFile", silo.Environment.Keys);
        }
    }

    [Fact]
    public void The_generated_keys_are_made_once_readable_by_their_owner_only()
    {
        using var secrets = ComposeSecrets.Generate();
        var signing = Path.Combine(secrets.Directory.FullName, ClusterSecrets.SigningKeyFile);
        var key = File.ReadAllText(signing);

        Assert.Empty(ClusterSecrets.CreateMissing(secrets.Directory.FullName));
        Assert.Equal(key, File.ReadAllText(signing));
        Assert.True(Convert.FromBase64String(key).Length >= 32);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(signing));
        }
    }

    [Fact]
    public void A_compose_silo_starts_with_the_generated_silo_key()
    {
        using var secrets = ComposeSecrets.Generate();
        var silo = Services.First(s => s.IsSilo);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(secrets.Localize(silo.Environment)
                .Select(e => new KeyValuePair<string, string?>(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value)))
            .Build();

        var oneDay = OneDayConfiguration.Read(configuration);
        using var provider = new ServiceCollection().AddOneDayAccounts(oneDay, SiloSettings.Read(configuration, oneDay)).BuildServiceProvider();
        Assert.Equal(32, provider.GetRequiredService<SiloKeys>().For("audit-chain").Length);
    }

    /// <summary>The variable points into a volume mounted read-only, which the generator mounts and fills first.</summary>
    private static void AssertReadsGenerated(ComposeService service, string variable, string generatedFile, ComposeService generator)
    {
        var path = service.Environment[variable];
        Assert.Equal(ComposeSecrets.ContainerRoot + generatedFile, path);
        var folder = Path.GetDirectoryName(path)!;
        var mount = service.MountAt(folder);
        Assert.True(mount is { ReadOnly: true }, $"{service.Name} must mount {folder} read-only");
        Assert.Equal(mount!.Value.Volume, generator.MountAt(folder)?.Volume);
        Assert.Equal("service_completed_successfully", service.DependsOn.GetValueOrDefault(generator.Name));
    }
}
