using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Grains.Communication;
using OneDay.Grains.Eventing;
using OneDay.Hosting;
using OneDay.Hosting.Telemetry;
using OneDay.Testing;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace OneDay.Tests.Unit.Deployment;

/// <summary>
/// monitoring/: the Prometheus configuration and alert rules as promtool reads them, the Prometheus Operator
/// objects that carry them to Kubernetes, and the Grafana dashboard.
/// </summary>
public sealed partial class MonitoringTests
{
    private static readonly string Folder = Path.Combine(RepoRoot.Path, "monitoring");
    private static readonly ManifestSet Manifests = ManifestSet.LoadRepository();

    [Fact]
    public async Task Promtool_accepts_the_configuration_and_each_alert_fires_as_its_test_says()
    {
        var promtool = ExternalProcess.FindOnPath("promtool") ?? throw new InvalidOperationException(
            "promtool is not installed. Install it with: apt-get install -y prometheus (scripts/test.sh does this for you).");
        var prometheus = Path.Combine(Folder, "prometheus");

        // Checks the rule files the configuration names too; each call throws with promtool's findings.
        await ExternalProcess.RunAsync(promtool, ["check", "config", "prometheus.yml"], TimeSpan.FromMinutes(1), prometheus);
        await ExternalProcess.RunAsync(promtool, ["check", "config", "compose.yml"], TimeSpan.FromMinutes(1), prometheus);
        var tested = await ExternalProcess.RunAsync(promtool, ["test", "rules", "alerts.test.yml"], TimeSpan.FromMinutes(1), prometheus);
        Assert.Contains("SUCCESS", tested, StringComparison.Ordinal);
    }

    [Fact]
    public void The_prometheus_rule_carries_the_alert_file_unchanged()
    {
        var alerts = Yaml(Path.Combine(Folder, "prometheus", "alerts.yml"));
        var rule = Yaml(Path.Combine(Folder, "kubernetes", "prometheusrule.yaml"));

        Assert.Equal("PrometheusRule", rule["kind"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(alerts["groups"], rule["spec"]!["groups"]), "k8s' PrometheusRule has drifted from alerts.yml");
    }

    [Fact]
    public void Every_silo_and_gateway_pod_is_scraped_on_its_metrics_listener()
    {
        var monitors = Documents(Path.Combine(Folder, "kubernetes", "podmonitors.yaml"));
        foreach (var deployment in Manifests.Deployments)
        {
            var labels = deployment.Spec.Template.Metadata.Labels;
            var monitor = Assert.Single(monitors, m => m["spec"]!["selector"]!["matchLabels"]!.AsObject()
                .All(l => labels.TryGetValue(l.Key, out var value) && value == l.Value!.GetValue<string>()));
            var endpoint = Assert.Single(monitor["spec"]!["podMetricsEndpoints"]!.AsArray());
            Assert.Equal(OneDayTelemetry.MetricsPath, endpoint!["path"]!.GetValue<string>());

            var container = deployment.Spec.Template.Spec.Containers[0];
            var port = Assert.Single(container.Ports, p => p.Name == endpoint["port"]!.GetValue<string>());
            var configured = Manifests.ResolvedEnvironment(container).GetValueOrDefault("OneDay__Telemetry__MetricsUrl")
                ?? (Manifests.Silos.Contains(deployment) ? TelemetryOptions.SiloMetricsUrl : null);
            Assert.NotNull(configured);
            Assert.Equal(port.ContainerPort, new TelemetryOptions { MetricsUrl = configured }.MetricsPort);
        }
    }

    [Fact]
    public void Prometheus_in_compose_scrapes_every_silo_on_its_metrics_listener_and_the_gateway_on_its_api_port()
    {
        var services = ComposeService.LoadRepository();
        var prometheus = Assert.Single(services, s => s.Name == "prometheus");
        Assert.Contains("./monitoring/prometheus:/etc/prometheus:ro", prometheus.Volumes);
        var jobs = Yaml(Path.Combine(Folder, "prometheus", "compose.yml"))["scrape_configs"]!.AsArray()
            .ToDictionary(j => j!["job_name"]!.GetValue<string>(), j => j!["static_configs"]![0]!["targets"]!.AsArray().Select(t => t!.GetValue<string>()).Order());

        var siloPort = new TelemetryOptions { MetricsUrl = TelemetryOptions.SiloMetricsUrl }.MetricsPort;
        Assert.Equal(services.Where(s => s.IsSilo).Select(s => $"{s.Name}:{siloPort}").Order(), jobs["oneday-silo"]);
        var gateway = Assert.Single(services, s => s.IsGateway);
        Assert.Equal([$"{gateway.Name}:{new Uri(gateway.Environment["ASPNETCORE_URLS"].Replace("+", "host", StringComparison.Ordinal)).Port}"], jobs["oneday-gateway"]);
    }

    [Fact]
    public void The_grafana_dashboard_queries_the_chosen_prometheus_in_every_panel()
    {
        var dashboard = JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "grafana", "oneday-overview.json")))!;
        var panels = dashboard["panels"]!.AsArray();

        Assert.NotEmpty(panels);
        Assert.Equal(panels.Count, panels.Select(p => p!["id"]!.GetValue<int>()).Distinct().Count());
        Assert.Contains(dashboard["templating"]!["list"]!.AsArray(), v => v!["name"]!.GetValue<string>() == "datasource");
        foreach (var target in panels.SelectMany(p => p!["targets"]!.AsArray()))
        {
            Assert.Equal("${datasource}", target!["datasource"]!["uid"]!.GetValue<string>());
            Assert.False(string.IsNullOrWhiteSpace(target["expr"]!.GetValue<string>()));
        }
    }

    [Fact]
    public void Every_OneDay_series_the_alerts_and_the_dashboard_read_is_one_the_code_declares()
    {
        var declared = DeclaredSeries();
        var read = new[] { Path.Combine(Folder, "prometheus", "alerts.yml"), Path.Combine(Folder, "grafana", "oneday-overview.json") }
            .SelectMany(file => OneDaySeries().Matches(File.ReadAllText(file)).Select(m => m.Value))
            .ToHashSet(StringComparer.Ordinal);

        Assert.Contains("oneday_events_published_total", declared);
        Assert.NotEmpty(read);
        Assert.Empty(read.Except(declared));
    }

    /// <summary>The Prometheus names of OneDay's instruments, as OpenTelemetry's exporter writes them.</summary>
    private static HashSet<string> DeclaredSeries()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<IMeterFactory>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, _) =>
            {
                if (instrument.Meter.Scope == meters)
                {
                    var name = instrument.Name.Replace('.', '_') + (instrument.Unit == "s" ? "_seconds" : "");
                    names.Add(instrument.GetType().Name.StartsWith("Counter", StringComparison.Ordinal) ? name + "_total" : name);
                }
            },
        };
        listener.Start();
        _ = new EventMetrics(meters, TimeProvider.System);
        _ = new CommunicationMetrics(meters);
        return names;
    }

    [GeneratedRegex("oneday_[a-z_]+")]
    private static partial Regex OneDaySeries();

    private static JsonNode Yaml(string path) => Documents(path).Single();

    private static List<JsonNode> Documents(string path)
    {
        var parser = new Parser(new StringReader(File.ReadAllText(path)));
        var deserializer = new DeserializerBuilder().Build();
        var serializer = new SerializerBuilder().JsonCompatible().Build();
        parser.Consume<StreamStart>();
        var documents = new List<JsonNode>();
        while (parser.Accept<DocumentStart>(out _))
        {
            var value = deserializer.Deserialize(parser);
            documents.Add(JsonNode.Parse(serializer.Serialize(value))!);
        }

        return documents;
    }
}
