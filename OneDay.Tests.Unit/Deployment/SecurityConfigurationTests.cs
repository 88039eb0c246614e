using OneDay.Api.Hosting;
using OneDay.Api.Security;

namespace OneDay.Tests.Unit.Deployment;

/// <summary>The OneDay:Security section as k8s/ and compose.yaml hand it to gateways and silos.</summary>
public sealed class SecurityConfigurationTests
{
    private static readonly ManifestSet Manifests = ManifestSet.LoadRepository();

    [Fact]
    public void The_kubernetes_gateway_takes_its_signing_key_from_a_secret()
    {
        Assert.NotEmpty(Manifests.Gateways);
        Assert.Empty(SecuritySettings.SigningKeyProblems(Manifests));
    }

    [Fact]
    public void The_kubernetes_silos_and_only_they_take_the_silo_key_from_a_secret()
    {
        Assert.NotEmpty(Manifests.Silos);
        Assert.Empty(SecuritySettings.SiloKeyProblems(Manifests));
    }

    [Fact]
    public void Security_values_in_k8s_bind_to_the_options_each_process_reads()
    {
        var problems = Manifests.Deployments.SelectMany(d => SecuritySettings.Problems(
            $"Deployment {d.Metadata.Name}", Manifests.ResolvedEnvironment(d.Spec.Template.Spec.Containers[0]), Manifests.Gateways.Contains(d)));
        Assert.Empty(problems);
    }

    [Fact]
    public void Security_values_in_compose_bind_to_the_options_each_process_reads()
    {
        var services = ComposeService.LoadRepository().Where(s => s.Image.StartsWith("oneday/", StringComparison.Ordinal)).ToArray();
        Assert.Single(services, s => s.IsGateway);
        Assert.Contains(SecuritySettings.SigningKeyVariable + "File", services.Single(s => s.IsGateway).Environment.Keys);
        Assert.Empty(services.SelectMany(s => SecuritySettings.Problems($"compose service {s.Name}", s.Environment, s.IsGateway)));
    }

    [Fact]
    public async Task The_compose_gateway_environment_passes_the_gateways_own_checks()
    {
        // The gateway validates its signing key (base64, 32 bytes or more) only while it builds; the key is
        // the one compose's secrets service generates, read from the file the gateway's volume holds.
        using var secrets = ComposeSecrets.Generate();
        var gateway = ComposeService.LoadRepository().Single(s => s.IsGateway);
        string[] args = [.. secrets.Localize(gateway.Environment).Where(e => e.Key.StartsWith("OneDay__", StringComparison.Ordinal))
            .Select(e => $"--{e.Key.Replace("__", ":", StringComparison.Ordinal)}={e.Value}"), "--urls=http://127.0.0.1:0"];
        await using var app = GatewayApp.Create(args);
        Assert.NotNull(app.Services.GetService(typeof(SigningKey)));
    }

    [Theory]
    [InlineData(true, "OneDay__Security__SigingKey", "c2hvcnQ=")]
    [InlineData(true, "OneDay__Security__PasswordHashIterations", "300000")]
    [InlineData(true, "OneDay__Security__BootstrapAdminEmail", "admin@oneday.dev")]
    [InlineData(true, "OneDay__Security__AccessTokenMinutes", "600")]
    [InlineData(true, "OneDay__Security__RateLimits__GlobalPerSecnd", "10")]
    [InlineData(false, "OneDay__Security__SigningKey", "b25lZGF5LWRldmVsb3BtZW50LW9ubHktc2lnbmluZy1rZXktbm90LXNlY3JldA==")]
    [InlineData(false, "OneDay__Security__PasswordHashIterations", "lots")]
    [InlineData(false, "OneDay__Security__PasswordHashIterations", "1000")]
    [InlineData(false, "OneDay__Security__BootstrapAdminEmail", "not-an-email")]
    public void A_misspelled_misplaced_or_invalid_security_value_is_reported(bool gateway, string key, string value)
    {
        var environment = new Dictionary<string, string> { ["OneDay__Mode"] = "Cluster", [key] = value };
        Assert.NotEmpty(SecuritySettings.Problems("test", environment, gateway));
    }

    [Theory]
    [InlineData(true, "OneDay__Security__RateLimits__GlobalPerSecond", "500")]
    [InlineData(false, "OneDay__Security__BootstrapAdminEmail", "admin@oneday.dev")]
    [InlineData(false, "OneDay__Security__PasswordHashIterations", "600000")]
    public void A_security_value_the_process_reads_passes(bool gateway, string key, string value)
    {
        var environment = new Dictionary<string, string> { [key] = value };
        Assert.Empty(SecuritySettings.Problems("test", environment, gateway));
    }

    [Theory]
    [InlineData("""
        env:
          - { name: OneDay__Security__SigningKey, value: b25lZGF5LWRldmVsb3BtZW50LW9ubHktc2lnbmluZy1rZXktbm90LXNlY3JldA== }
        """)]
    [InlineData("""
        envFrom:
          - configMapRef: { name: settings }
        """)]
    [InlineData("""
        env:
          - name: OneDay__Security__SigningKey
            valueFrom: { secretKeyRef: { name: keys, key: real } }
        """)]
    public void A_signing_key_outside_a_secret_or_a_committed_real_key_is_reported(string containerEnvironment)
    {
        var container = string.Join('\n', containerEnvironment.Split('\n').Select(line => "          " + line));
        var broken = ManifestSet.Parse([$$"""
            apiVersion: v1
            kind: ConfigMap
            metadata: { name: settings }
            data: { OneDay__Security__SigningKey: b25lZGF5LWRldmVsb3BtZW50LW9ubHktc2lnbmluZy1rZXktbm90LXNlY3JldA== }
            ---
            apiVersion: v1
            kind: Secret
            metadata: { name: keys }
            stringData: { real: b25lZGF5LWRldmVsb3BtZW50LW9ubHktc2lnbmluZy1rZXktbm90LXNlY3JldA== }
            ---
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: gateway }
            spec:
              selector: { matchLabels: { app: gateway } }
              template:
                metadata: { labels: { app: gateway } }
                spec:
                  containers:
                    - name: gateway
                      image: oneday/api:latest
            {{container}}
            """]);
        Assert.Contains(SecuritySettings.SigningKeyProblems(broken), p => p.StartsWith("Deployment gateway", StringComparison.Ordinal));
    }
}
