using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OneDay.Tests.Unit.Deployment;

/// <summary>compose.yaml's services, with its anchors and merge keys applied.</summary>
/// <param name="Volumes">Short-form mounts, "source:target[:mode]".</param>
/// <param name="DependsOn">Service name to the condition it waits for.</param>
/// <param name="Ports">Short-form published ports, "[host-ip:]host-port:container-port".</param>
internal sealed record ComposeService(
    string Name,
    string Image,
    IReadOnlyDictionary<string, string> Environment,
    IReadOnlyList<string> Volumes,
    IReadOnlyDictionary<string, string> DependsOn,
    IReadOnlyList<string> Ports,
    IReadOnlyList<string> Command)
{
    public bool IsGateway => Image.StartsWith("oneday/api", StringComparison.Ordinal);

    public bool IsSilo => Image.StartsWith("oneday/silo", StringComparison.Ordinal) && Command.Count == 0;

    /// <summary>The volume mounted at <paramref name="target"/> and whether it is read-only, or null.</summary>
    public (string Volume, bool ReadOnly)? MountAt(string target) =>
        Volumes.Select(v => v.Split(':')).Where(p => p.Length >= 2 && p[1] == target)
            .Select(p => ((string Volume, bool ReadOnly)?)(p[0], p.Length > 2 && p[2] == "ro"))
            .FirstOrDefault();

    public static IReadOnlyList<ComposeService> LoadRepository() =>
        Parse(File.ReadAllText(Path.Combine(RepoRoot.Path, "compose.yaml")));

    public static IReadOnlyList<ComposeService> Parse(string text)
    {
        var yaml = new YamlStream();
        // The services share their environment through "<<: *cluster-env"; only the merging parser applies it.
        yaml.Load(new MergingParser(new Parser(new StringReader(text))));
        var services = (YamlMappingNode)((YamlMappingNode)yaml.Documents[0].RootNode).Children["services"];
        return services.Children.Select(s =>
        {
            var service = (YamlMappingNode)s.Value;
            var image = service.Children.TryGetValue("image", out var i) ? ((YamlScalarNode)i).Value ?? "" : "";
            return new ComposeService(
                ((YamlScalarNode)s.Key).Value!, image, EnvironmentOf(service),
                Scalars(service, "volumes"), DependenciesOf(service), Scalars(service, "ports"), Scalars(service, "command"));
        }).ToArray();
    }

    private static string[] Scalars(YamlMappingNode service, string key) =>
        service.Children.TryGetValue(key, out var node) && node is YamlSequenceNode list
            ? list.Children.Cast<YamlScalarNode>().Select(n => n.Value ?? "").ToArray()
            : [];

    private static Dictionary<string, string> DependenciesOf(YamlMappingNode service)
    {
        var dependencies = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!service.Children.TryGetValue("depends_on", out var node))
        {
            return dependencies;
        }

        if (node is YamlSequenceNode list)
        {
            foreach (var name in list.Children.Cast<YamlScalarNode>())
            {
                dependencies[name.Value!] = "service_started";
            }
        }
        else
        {
            foreach (var (name, spec) in ((YamlMappingNode)node).Children)
            {
                var condition = ((YamlMappingNode)spec).Children.TryGetValue("condition", out var c) ? ((YamlScalarNode)c).Value! : "service_started";
                dependencies[((YamlScalarNode)name).Value!] = condition;
            }
        }

        return dependencies;
    }

    private static Dictionary<string, string> EnvironmentOf(YamlMappingNode service)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!service.Children.TryGetValue("environment", out var node))
        {
            return env;
        }

        if (node is YamlSequenceNode list)
        {
            // The list form: "KEY=value".
            foreach (var item in list.Children.Cast<YamlScalarNode>().Select(n => n.Value!.Split('=', 2)))
            {
                env[item[0]] = item.Length > 1 ? item[1] : "";
            }
        }
        else
        {
            foreach (var (key, value) in ((YamlMappingNode)node).Children)
            {
                env[((YamlScalarNode)key).Value!] = ((YamlScalarNode)value).Value ?? "";
            }
        }

        return env;
    }
}
