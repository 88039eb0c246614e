using OneDay.Grains.Interfaces;

namespace OneDay.Tests.Unit.Deployment;

/// <summary>One topology: k8s/, compose.yaml, scripts/cluster.sh and the bench's cluster scenarios split the
/// domains into the same silo groups.</summary>
public sealed class DomainGroupTests
{
    [Fact]
    public void K8s_compose_cluster_sh_and_the_bench_run_the_same_groups_and_each_domain_in_exactly_one()
    {
        var manifests = ManifestSet.LoadRepository();
        var k8s = Groups(manifests.Silos.Select(s => manifests.ResolvedEnvironment(s.Spec.Template.Spec.Containers[0])["OneDay__Domains"]));
        var compose = Groups(ComposeService.LoadRepository().Where(s => s.IsSilo).Select(s => s.Environment["OneDay__Domains"]));
        var clusterSh = Groups(ClusterShDomains());
        var bench = Groups(OneDay.Bench.Running.AppLauncher.DomainGroups.Select(g => g.Domains));

        Assert.Equal(k8s, compose);
        Assert.Equal(k8s, clusterSh);
        Assert.Equal(k8s, bench);
        Assert.Equal(Domains.All.Order(StringComparer.Ordinal), k8s.SelectMany(g => g.Split(',')).Order(StringComparer.Ordinal));
    }

    /// <summary>Each group as its domains sorted and comma-joined, the groups sorted.</summary>
    private static string[] Groups(IEnumerable<string> domainLists) =>
        domainLists
            .Select(list => string.Join(',', list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>The domains of each entry of cluster.sh's <c>silos=( "name:domains:silo-port:gateway-port" ... )</c>.</summary>
    private static IEnumerable<string> ClusterShDomains()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoRoot.Path, "scripts", "cluster.sh"));
        var start = Array.IndexOf(lines, "silos=(");
        var end = Array.IndexOf(lines, ")", start + 1);
        Assert.True(start >= 0 && end > start, "scripts/cluster.sh no longer lists its silos as silos=( ... )");
        return lines[(start + 1)..end].Select(line => line.Trim().Trim('"').Split(':')[1]);
    }
}
