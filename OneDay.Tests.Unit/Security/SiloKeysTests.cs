using Microsoft.Extensions.DependencyInjection;
using OneDay.Grains.Security;
using OneDay.Hosting;
using OneDay.Silo.Hosting;
using OneDay.Silo.Security;

namespace OneDay.Tests.Unit.Security;

public sealed class SiloKeysTests
{
    private static readonly byte[] Secret = [.. Enumerable.Range(0, 40).Select(i => (byte)i)];

    [Fact]
    public void The_same_secret_and_purpose_give_the_same_key_and_purposes_differ()
    {
        var keys = new SiloKeys(Secret);

        Assert.Equal(keys.For("email-index"), new SiloKeys(Secret).For("email-index"));
        Assert.NotEqual(keys.For("email-index"), keys.For("audit-chain"));
        Assert.NotEqual(keys.For("email-index"), new SiloKeys([.. Secret.Reverse()]).For("email-index"));
        Assert.Equal(32, keys.For("audit-chain").Length);
    }

    [Theory]
    [InlineData(null, "OneDay:Security:SiloKey")]
    [InlineData("not base64!", "base64")]
    [InlineData("c2hvcnQ=", "at least 32 bytes")]
    public void A_cluster_silo_refuses_to_start_without_a_usable_key(string? key, string message)
    {
        var settings = new SiloSettings();
        settings.Security.SiloKey = key;
        settings.Postgres.ConnectionString = "Host=127.0.0.1;Database=unused";

        var error = Assert.Throws<OneDayConfigurationException>(() =>
            new ServiceCollection().AddOneDayAccounts(new OneDayOptions { Mode = HostingMode.Cluster }, settings));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_embedded_silo_makes_its_own_key()
    {
        using var services = new ServiceCollection().AddOneDayAccounts(new OneDayOptions(), new SiloSettings()).BuildServiceProvider();

        Assert.Equal(32, services.GetRequiredService<SiloKeys>().For("audit-chain").Length);
    }
}
