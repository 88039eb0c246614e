using OneDay.Api.Hosting;
using OneDay.Hosting;

namespace OneDay.Tests.Unit.Hosting;

/// <summary>What a cluster process says at start when its TLS files are missing or do not belong together.</summary>
public sealed class ClusterTlsConfigurationTests
{
    [Fact]
    public void A_cluster_gateway_without_certificates_refuses_to_start_and_says_how_to_fix_it()
    {
        var error = Assert.Throws<OneDayConfigurationException>(() => CreateGateway([]));
        Assert.Contains("OneDay:Tls:CertificatePath", error.Message, StringComparison.Ordinal);
        Assert.Contains("OneDay:Tls:Enabled=false", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_certificate_not_issued_by_the_configured_CA_is_refused_at_start()
    {
        using var ours = TlsFiles.ForNewCluster();
        using var theirs = TlsFiles.ForNewCluster();
        var error = Assert.Throws<OneDayConfigurationException>(() => CreateGateway(
            [$"--OneDay:Tls:CertificatePath={ours.Settings["OneDay:Tls:CertificatePath"]}",
             $"--OneDay:Tls:KeyPath={ours.Settings["OneDay:Tls:KeyPath"]}",
             $"--OneDay:Tls:CaCertificatePath={theirs.Settings["OneDay:Tls:CaCertificatePath"]}"]));
        Assert.Contains("not issued by the CA", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cluster_gateway_with_its_clusters_files_builds()
    {
        using var tls = TlsFiles.ForNewCluster();
        await using var app = CreateGateway([.. tls.Settings.Select(s => $"--{s.Key}={s.Value}")]);
        Assert.NotNull(app.Services);
    }

    private static Microsoft.AspNetCore.Builder.WebApplication CreateGateway(string[] tls) => GatewayApp.Create(
        ["--OneDay:Mode=Cluster", "--OneDay:Gateways=127.0.0.1:30000", "--urls=http://127.0.0.1:0",
         $"--OneDay:Security:SigningKey={Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48))}", .. tls]);
}
