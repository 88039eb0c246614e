using OneDay.Tests.Fixtures;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace OneDay.Tests.Deployment;

/// <summary>compose.yaml's services and their environments, with its anchors and merge keys applied.</summary>
internal sealed record ComposeService(string Name, string Image, IReadOnlyDictionary<string, string> Environment)
{
    public bool IsGateway => Image.StartsWith("oneday/api", StringComparison.Ordinal);

    public static IReadOnlyList<ComposeService> LoadRepository() =>
        Parse(File.ReadAllText(Path.Combine(RepoPaths.Root, "compose.yaml")));

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
            return new ComposeService(((YamlScalarNode)s.Key).Value!, image, EnvironmentOf(service));
        }).ToArray();
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
