using YamlDotNet.RepresentationModel;

namespace OneDay.Tests.Unit.Deployment;

/// <summary>
/// A kustomization rendered the way <c>kubectl kustomize</c> renders it, for the part of kustomize k8s/ uses:
/// resources (files and kustomization folders), namespace, nameSuffix, labels, strategic-merge patches and
/// images. The test machines have no kubectl (Debian does not package it), so the tests render k8s/ here;
/// anything else in a kustomization is refused rather than rendered differently, and a test compares this
/// rendering with kubectl's wherever kubectl is installed.
/// </summary>
internal sealed class Kustomization
{
    private static readonly HashSet<string> KnownKeys =
        ["apiVersion", "kind", "namespace", "resources", "nameSuffix", "labels", "patches", "images"];

    // Strategic-merge keys of the lists a patch may merge into (the Kubernetes API's patchMergeKey).
    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["initContainers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["volumeMounts"] = "mountPath",
    };

    private static readonly HashSet<string> Workloads = ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"];

    private static readonly string[] ContainerLists = ["containers", "initContainers"];

    private readonly HashSet<string> files = new(StringComparer.Ordinal);

    private Kustomization()
    {
    }

    /// <summary>Every object, as YAML documents in the order kustomize accumulates them.</summary>
    public IReadOnlyList<string> Documents { get; private set; } = [];

    /// <summary>Every file the rendering read: kustomization.yaml files, manifests and patch files.</summary>
    public IReadOnlyCollection<string> Files => files;

    public static Kustomization Render(string folder)
    {
        var kustomization = new Kustomization();
        kustomization.Documents = kustomization.Build(Path.GetFullPath(folder)).Select(Serialize).ToArray();
        return kustomization;
    }

    private List<YamlMappingNode> Build(string folder)
    {
        var path = Path.Combine(folder, "kustomization.yaml");
        var spec = (YamlMappingNode)Load(Read(path)).Single();
        var unknown = spec.Children.Keys.Select(Text).Where(k => !KnownKeys.Contains(k)).ToArray();
        if (unknown.Length > 0)
        {
            throw new NotSupportedException($"{path}: {string.Join(", ", unknown)} is not rendered by the tests' Kustomization; extend it");
        }

        var objects = new List<YamlMappingNode>();
        foreach (var resource in Sequence(spec, "resources").Select(Text))
        {
            var target = Path.GetFullPath(Path.Combine(folder, resource));
            objects.AddRange(Directory.Exists(target) ? Build(target) : Load(Read(target)));
        }

        foreach (var patch in Sequence(spec, "patches").Cast<YamlMappingNode>())
        {
            ApplyPatch(folder, patch, objects);
        }

        if (spec.Children.TryGetValue("namespace", out var ns))
        {
            foreach (var o in objects.Where(o => Kind(o) is not ("Namespace" or "ClusterRole" or "ClusterRoleBinding")))
            {
                Mapping(o, "metadata").Children["namespace"] = new YamlScalarNode(Text(ns));
            }
        }

        if (spec.Children.TryGetValue("nameSuffix", out var suffix))
        {
            // kustomize also rewrites references to a renamed object; these kinds are referenced by none.
            foreach (var o in objects)
            {
                if (!Workloads.Contains(Kind(o)) && Kind(o) != "PodDisruptionBudget")
                {
                    throw new NotSupportedException($"{folder}: nameSuffix on a {Kind(o)}, which others may refer to by name");
                }

                Mapping(o, "metadata").Children["name"] = new YamlScalarNode(Name(o) + Text(suffix));
            }
        }

        foreach (var labels in Sequence(spec, "labels").Cast<YamlMappingNode>())
        {
            AddLabels(folder, labels, objects);
        }

        foreach (var image in Sequence(spec, "images").Cast<YamlMappingNode>())
        {
            SetImage(image, objects);
        }

        return objects;
    }

    private void ApplyPatch(string folder, YamlMappingNode patch, List<YamlMappingNode> objects)
    {
        if (patch.Children.Keys.Select(Text).Any(k => k is not ("patch" or "path")))
        {
            throw new NotSupportedException($"{folder}: only strategic-merge patches naming their object are rendered (no target, no options)");
        }

        var text = patch.Children.TryGetValue("patch", out var inline)
            ? Text(inline)
            : Read(Path.GetFullPath(Path.Combine(folder, Text(patch.Children["path"]))));
        foreach (var document in Load(text))
        {
            var matches = objects.Where(o => Kind(o) == Kind(document) && Name(o) == Name(document)).ToArray();
            if (matches.Length != 1)
            {
                throw new InvalidOperationException($"{folder}: a patch for {Kind(document)} {Name(document)} matches {matches.Length} objects");
            }

            Merge(matches[0], document);
        }
    }

    private static void Merge(YamlMappingNode target, YamlMappingNode patch)
    {
        foreach (var (key, value) in patch.Children)
        {
            var name = Text(key);
            if (name.StartsWith('$'))
            {
                throw new NotSupportedException($"patch directive {name}");
            }

            if (!target.Children.TryGetValue(key, out var existing))
            {
                target.Children[key] = value;
            }
            else if (existing is YamlMappingNode map && value is YamlMappingNode patchMap)
            {
                Merge(map, patchMap);
            }
            else if (existing is YamlSequenceNode list && value is YamlSequenceNode patchList)
            {
                var mergeKey = MergeKeys.GetValueOrDefault(name)
                    ?? throw new NotSupportedException($"a patch of the list {name}, which has no merge key here");
                foreach (var item in patchList.Children.Cast<YamlMappingNode>())
                {
                    var id = Text(item.Children[mergeKey]);
                    if (list.Children.Cast<YamlMappingNode>().FirstOrDefault(i => Text(i.Children[mergeKey]) == id) is { } match)
                    {
                        Merge(match, item);
                    }
                    else
                    {
                        list.Children.Add(item);
                    }
                }
            }
            else
            {
                target.Children[key] = value;
            }
        }
    }

    /// <summary>kustomize's <c>labels</c>: on every object's metadata, and with includeSelectors on its selectors and pods too.</summary>
    private static void AddLabels(string folder, YamlMappingNode entry, List<YamlMappingNode> objects)
    {
        if (entry.Children.Keys.Select(Text).Any(k => k is not ("pairs" or "includeSelectors" or "includeTemplates")))
        {
            throw new NotSupportedException($"{folder}: labels with custom fields");
        }

        var pairs = ((YamlMappingNode)entry.Children["pairs"]).Children.Select(p => (Text(p.Key), Text(p.Value))).ToArray();
        var selectors = Flag(entry, "includeSelectors");
        var templates = selectors || Flag(entry, "includeTemplates");
        foreach (var o in objects)
        {
            var targets = new List<YamlMappingNode> { Mapping(Mapping(o, "metadata"), "labels") };
            var kind = Kind(o);
            if (Workloads.Contains(kind))
            {
                var template = Mapping(Mapping(o, "spec"), "template");
                if (templates)
                {
                    targets.Add(Mapping(Mapping(template, "metadata"), "labels"));
                }

                if (selectors)
                {
                    targets.Add(Mapping(Mapping(Mapping(o, "spec"), "selector"), "matchLabels"));
                    var pod = Mapping(template, "spec");
                    if (pod.Children.ContainsKey("affinity"))
                    {
                        throw new NotSupportedException($"{folder}: selector labels on {Name(o)}'s affinity terms");
                    }

                    if (pod.Children.TryGetValue("topologySpreadConstraints", out var spread))
                    {
                        // As kustomize does: only into selectors the constraint already has.
                        targets.AddRange(((YamlSequenceNode)spread).Children.Cast<YamlMappingNode>()
                            .Where(c => c.Children.ContainsKey("labelSelector"))
                            .Select(c => Mapping(Mapping(c, "labelSelector"), "matchLabels")));
                    }
                }
            }
            else if (selectors && kind == "PodDisruptionBudget")
            {
                targets.Add(Mapping(Mapping(Mapping(o, "spec"), "selector"), "matchLabels"));
            }
            else if (selectors)
            {
                throw new NotSupportedException($"{folder}: selector labels on a {kind}");
            }

            foreach (var labels in targets)
            {
                foreach (var (key, value) in pairs)
                {
                    labels.Children[key] = new YamlScalarNode(value);
                }
            }
        }
    }

    private static void SetImage(YamlMappingNode entry, List<YamlMappingNode> objects)
    {
        if (entry.Children.ContainsKey("digest"))
        {
            throw new NotSupportedException("images with a digest");
        }

        var name = Text(entry.Children["name"]);
        var containers = objects
            .Select(o => Child(Child(Child(o, "spec"), "template"), "spec") ?? Child(Child(Child(Child(Child(o, "spec"), "jobTemplate"), "spec"), "template"), "spec"))
            .OfType<YamlMappingNode>()
            .SelectMany(pod => ContainerLists.Select(k => Child(pod, k)))
            .OfType<YamlSequenceNode>()
            .SelectMany(list => list.Children.Cast<YamlMappingNode>());
        foreach (var container in containers)
        {
            var image = Text(container.Children["image"]);
            var colon = image.LastIndexOf(':');
            var (repository, tag) = colon > image.LastIndexOf('/') ? (image[..colon], image[(colon + 1)..]) : (image, null);
            if (repository != name)
            {
                continue;
            }

            repository = entry.Children.TryGetValue("newName", out var newName) ? Text(newName) : repository;
            tag = entry.Children.TryGetValue("newTag", out var newTag) ? Text(newTag) : tag;
            container.Children["image"] = new YamlScalarNode(tag is null ? repository : $"{repository}:{tag}");
        }
    }

    private string Read(string path)
    {
        files.Add(path);
        return File.ReadAllText(path);
    }

    private static List<YamlMappingNode> Load(string text)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>().ToList();
    }

    private static string Serialize(YamlMappingNode node)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static IEnumerable<YamlNode> Sequence(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) ? ((YamlSequenceNode)value).Children : [];

    /// <summary>The child mapping at <paramref name="key"/>, created when missing.</summary>
    private static YamlMappingNode Mapping(YamlMappingNode node, string key)
    {
        if (!node.Children.TryGetValue(key, out var child))
        {
            child = new YamlMappingNode();
            node.Children[key] = child;
        }

        return (YamlMappingNode)child;
    }

    private static YamlNode? Child(YamlNode? node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(key, out var child) ? child : null;

    private static bool Flag(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(key, out var value) && bool.Parse(Text(value));

    private static string Kind(YamlMappingNode node) => Text(node.Children["kind"]);

    private static string Name(YamlMappingNode node) => Text(((YamlMappingNode)node.Children["metadata"]).Children["name"]);

    private static string Text(YamlNode node) => ((YamlScalarNode)node).Value ?? "";
}
