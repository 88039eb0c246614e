using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using OneDay.Api.Hosting;
using OneDay.Grains.Interfaces;
using OneDay.Hosting;
using OneDay.Silo.Hosting;
using k8s;
using k8s.Models;

namespace OneDay.Tests.Unit.Deployment;

public sealed class KubernetesManifestTests
{
    private static readonly ManifestSet Manifests = ManifestSet.LoadRepository();

    [Fact]
    public void The_kustomization_reaches_every_manifest_in_the_folder()
    {
        var read = Kustomization.Render(ManifestSet.Folder).Files.Order(StringComparer.Ordinal);
        var present = Directory.GetFiles(ManifestSet.Folder, "*.yaml", SearchOption.AllDirectories)
            .Select(Path.GetFullPath)
            .Order(StringComparer.Ordinal);
        Assert.Equal(present, read);
    }

    [Fact]
    public void A_kustomization_the_tests_cannot_render_is_refused()
    {
        var folder = Directory.CreateTempSubdirectory("oneday-kustomization-");
        try
        {
            File.WriteAllText(Path.Combine(folder.FullName, "kustomization.yaml"), "replicas: [ { name: oneday-silo, count: 3 } ]\n");
            Assert.Throws<NotSupportedException>(() => Kustomization.Render(folder.FullName));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task The_tests_render_k8s_as_kubectl_kustomize_does()
    {
        // Only where kubectl is installed: CI's test machines install Debian packages, and Debian has none.
        var kubectl = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(dir => Path.Combine(dir, "kubectl"))
            .FirstOrDefault(File.Exists);
        if (kubectl is null)
        {
            return;
        }

        var start = new ProcessStartInfo(kubectl, ["kustomize", ManifestSet.Folder])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, await error);

        var expected = ByIdentity(ManifestSet.Parse([await output]));
        var actual = ByIdentity(Manifests);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), actual.Keys.Order(StringComparer.Ordinal));
        foreach (var (identity, rendered) in expected)
        {
            Assert.True(JsonNode.DeepEquals(rendered, actual[identity]), $"{identity}:\nkubectl: {rendered}\ntests: {actual[identity]}");
        }
    }

    [Fact]
    public void Every_document_is_a_known_kubernetes_kind()
    {
        Assert.NotEmpty(Manifests.Objects);
        Assert.All(Manifests.Objects, o => Assert.IsAssignableFrom<IKubernetesObject<V1ObjectMeta>>(o));
        Assert.Single(Manifests.Gateways);
        Assert.True(Manifests.Silos.Count() >= 2);
    }

    [Fact]
    public void Selectors_match_labels_and_service_ports_exist()
    {
        Assert.Empty(Manifests.SelectorProblems());
    }

    [Fact]
    public void A_selector_that_does_not_match_is_reported()
    {
        var broken = ManifestSet.Parse(["""
            apiVersion: apps/v1
            kind: Deployment
            metadata: { name: broken }
            spec:
              selector: { matchLabels: { app: one } }
              template:
                metadata: { labels: { app: two } }
                spec: { containers: [ { name: c, image: oneday/api:latest } ] }
            """]);
        Assert.Contains(broken.SelectorProblems(), p => p.Contains("broken", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_container_gets_a_valid_cluster_configuration()
    {
        foreach (var deployment in Manifests.Deployments)
        {
            Assert.Equal(HostingMode.Cluster, Read(deployment).Mode);
        }

        foreach (var silo in Manifests.Silos)
        {
            Assert.False(string.IsNullOrWhiteSpace(ReadSilo(silo).Postgres.ConnectionString), silo.Metadata.Name);
        }
    }

    [Fact]
    public void Gateways_find_every_silo_through_a_service_and_hold_no_store_credentials()
    {
        var services = Manifests.Objects.OfType<V1Service>().ToArray();
        foreach (var gateway in Manifests.Gateways)
        {
            var environment = Manifests.ResolvedEnvironment(gateway.Spec.Template.Spec.Containers[0]);
            Assert.DoesNotContain(environment.Keys, k => k.StartsWith("OneDay__Postgres__", StringComparison.Ordinal));
            Assert.DoesNotContain(environment.Keys, k => k is "OneDay__RabbitMq__UserName" or "OneDay__RabbitMq__Password");

            var endpoints = GatewayEndpoints.Parse(GatewaySettings.Read(Configuration(gateway)).Gateways).Endpoints;
            var (host, port) = Assert.Single(endpoints);
            var service = Assert.Single(services, s => s.Metadata.Name == host);
            Assert.Equal("None", service.Spec.ClusterIP);
            var servicePort = Assert.Single(service.Spec.Ports, p => p.Port == port);
            foreach (var silo in Manifests.Silos)
            {
                Assert.True(ManifestSet.Matches(service.Spec.Selector, silo.Spec.Template.Metadata.Labels), silo.Metadata.Name);
                Assert.Contains(silo.Spec.Template.Spec.Containers[0].Ports, p => p.Name == servicePort.TargetPort.Value && p.ContainerPort == ReadSilo(silo).Silo.GatewayPort);
            }
        }
    }

    [Fact]
    public void Silos_and_gateways_agree_on_the_cluster_identity()
    {
        var identities = Manifests.Deployments.Select(d =>
        {
            var env = Manifests.ResolvedEnvironment(d.Spec.Template.Spec.Containers[0]);
            // Silos under Kubernetes hosting take identity from ORLEANS_*; gateways from OneDay__*.
            return env.TryGetValue("ORLEANS_CLUSTER_ID", out var cluster)
                ? (cluster, env["ORLEANS_SERVICE_ID"])
                : (env["OneDay__ClusterId"], env["OneDay__ServiceId"]);
        }).Distinct();
        Assert.Single(identities);
    }

    [Fact]
    public void Silo_pods_have_what_orleans_kubernetes_hosting_needs()
    {
        var roles = Manifests.Objects.OfType<V1Role>().ToArray();
        var bindings = Manifests.Objects.OfType<V1RoleBinding>().ToArray();
        foreach (var silo in Manifests.Silos)
        {
            var pod = silo.Spec.Template;
            var env = Manifests.ResolvedEnvironment(pod.Spec.Containers[0]);
            foreach (var name in new[] { "POD_NAME", "POD_NAMESPACE", "POD_IP", "ORLEANS_CLUSTER_ID", "ORLEANS_SERVICE_ID" })
            {
                Assert.True(env.ContainsKey(name), $"{silo.Metadata.Name} lacks {name}");
            }

            Assert.Equal("true", env["OneDay__Kubernetes"]);
            Assert.Equal(env["ORLEANS_CLUSTER_ID"], pod.Metadata.Labels["orleans/clusterId"]);
            Assert.Equal(env["ORLEANS_SERVICE_ID"], pod.Metadata.Labels["orleans/serviceId"]);

            var binding = Assert.Single(bindings, b => b.Subjects.Any(s => s.Name == pod.Spec.ServiceAccountName));
            var role = Assert.Single(roles, r => r.Metadata.Name == binding.RoleRef.Name);
            var verbs = role.Rules.Where(r => r.Resources.Contains("pods")).SelectMany(r => r.Verbs).ToHashSet();
            Assert.Superset(verbs, new HashSet<string> { "get", "list", "watch", "delete", "patch" });
            Assert.True(pod.Spec.TerminationGracePeriodSeconds > 30, "silos need time to leave the cluster cleanly");
        }
    }

    [Fact]
    public void The_jobs_group_has_the_memory_the_capacity_model_gives_it_and_the_others_keep_the_base_limit()
    {
        foreach (var silo in Manifests.Silos)
        {
            var resources = silo.Spec.Template.Spec.Containers[0].Resources;
            var jobs = ReadSilo(silo).HostedDomains().Contains(Domains.Jobs);
            Assert.Equal(jobs ? "1536Mi" : "1Gi", resources.Limits["memory"].ToString());
            Assert.Equal(jobs ? "1Gi" : "384Mi", resources.Requests["memory"].ToString());
            // The patch adds memory; the base's CPU must survive the merge.
            Assert.Equal("2", resources.Limits["cpu"].ToString());
        }
    }

    [Fact]
    public void Every_domain_is_hosted_by_some_silo()
    {
        var hosted = Manifests.Silos.SelectMany(s => ReadSilo(s).HostedDomains()).ToHashSet();
        Assert.Superset(Domains.All.ToHashSet(), hosted);
        Assert.Equal(Domains.All.Count, hosted.Count);
    }

    [Fact]
    public void Gateway_probes_point_at_the_health_endpoints()
    {
        var container = Manifests.Gateways.Single().Spec.Template.Spec.Containers[0];
        Assert.Equal("/health/ready", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("/health/live", container.LivenessProbe.HttpGet.Path);
    }

    [Fact]
    public void Silos_and_gateways_run_mutual_tls_with_the_certificate_secret_mounted()
    {
        var secret = Manifests.SecretData("oneday-tls");
        Assert.NotNull(secret);
        Assert.All(secret, entry => Assert.Equal("REPLACE-ME", entry.Value));
        foreach (var deployment in Manifests.Silos.Concat(Manifests.Gateways))
        {
            var tls = Read(deployment).Tls;
            Assert.True(tls.Enabled, deployment.Metadata.Name);
            var pod = deployment.Spec.Template.Spec;
            foreach (var (path, key) in new[] { (tls.CertificatePath, "tls.crt"), (tls.KeyPath, "tls.key"), (tls.CaCertificatePath, "ca.crt") })
            {
                Assert.Equal(key, Path.GetFileName(path));
                Assert.Contains(key, secret.Keys);
                var mount = Assert.Single(pod.Containers[0].VolumeMounts, m => m.MountPath == Path.GetDirectoryName(path));
                Assert.True(mount.ReadOnlyProperty, $"{deployment.Metadata.Name} mounts the TLS secret writable");
                Assert.Equal("oneday-tls", Assert.Single(pod.Volumes, v => v.Name == mount.Name).Secret?.SecretName);
            }
        }
    }

    [Fact]
    public void Only_oneday_pods_reach_the_silo_ports()
    {
        var policies = Manifests.Objects.OfType<V1NetworkPolicy>().ToArray();
        var gateway = Manifests.Gateways.Single();
        foreach (var silo in Manifests.Silos)
        {
            var rules = policies
                .Where(p => ManifestSet.Matches(p.Spec.PodSelector.MatchLabels, silo.Spec.Template.Metadata.Labels) && p.Spec.PolicyTypes.Contains("Ingress"))
                .SelectMany(p => p.Spec.Ingress ?? [])
                .ToArray();
            Assert.NotEmpty(rules);
            // Prometheus may scrape the metrics port from the monitoring namespace, and nothing else from outside.
            var scrapes = rules.Where(r => r.Ports is { Count: > 0 } ports && ports.All(p => p.Port?.Value == MetricsPort)).ToArray();
            Assert.All(scrapes.SelectMany(r => r.FromProperty), peer =>
                Assert.Equal("monitoring", peer.NamespaceSelector?.MatchLabels?["kubernetes.io/metadata.name"]));
            foreach (var peer in rules.Except(scrapes).SelectMany(r => r.FromProperty is { Count: > 0 } from ? from : throw new InvalidOperationException("a rule without 'from' admits every source")))
            {
                Assert.Null(peer.IpBlock);
                Assert.Null(peer.NamespaceSelector);
                var labels = peer.PodSelector?.MatchLabels ?? new Dictionary<string, string>();
                Assert.Equal("oneday", labels.TryGetValue("app.kubernetes.io/part-of", out var partOf) ? partOf : null);
            }

            Assert.True(Admits(rules, silo, 11111), $"{silo.Metadata.Name}: silos must reach each other");
            Assert.True(Admits(rules, gateway, 30000), $"{silo.Metadata.Name}: the gateway must reach the gateway port");
            Assert.False(Admits(rules, gateway, 11111), $"{silo.Metadata.Name}: the gateway has no business on the silo port");
        }
    }

    private const string MetricsPort = "9464";

    private static bool Admits(IEnumerable<V1NetworkPolicyIngressRule> rules, V1Deployment from, int port) => rules.Any(rule =>
        rule.FromProperty.Any(peer => ManifestSet.Matches(peer.PodSelector?.MatchLabels, from.Spec.Template.Metadata.Labels)) &&
        (rule.Ports is not { Count: > 0 } || rule.Ports.Any(p => p.Port?.Value == port.ToString(System.Globalization.CultureInfo.InvariantCulture))));

    private static Dictionary<string, JsonNode?> ByIdentity(ManifestSet manifests) =>
        manifests.Objects.Cast<IKubernetesObject<V1ObjectMeta>>().ToDictionary(
            o => $"{o.Kind} {o.Metadata.NamespaceProperty}/{o.Metadata.Name}",
            o => JsonNode.Parse(KubernetesJson.Serialize(o)));

    /// <summary>The keys every OneDay process reads.</summary>
    private static OneDayOptions Read(V1Deployment deployment) => OneDayConfiguration.Read(Configuration(deployment));

    /// <summary>The keys a silo reads, validated as the silo does at start.</summary>
    private static SiloSettings ReadSilo(V1Deployment deployment)
    {
        var configuration = Configuration(deployment);
        return SiloSettings.Read(configuration, OneDayConfiguration.Read(configuration));
    }

    private static IConfiguration Configuration(V1Deployment deployment)
    {
        var env = Manifests.ResolvedEnvironment(deployment.Spec.Template.Spec.Containers[0]);
        return new ConfigurationBuilder()
            .AddInMemoryCollection(env.Select(e => new KeyValuePair<string, string?>(e.Key.Replace("__", ":", StringComparison.Ordinal), e.Value)))
            .Build();
    }
}
