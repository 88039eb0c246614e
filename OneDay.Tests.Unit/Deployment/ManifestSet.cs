using k8s;
using k8s.Models;

namespace OneDay.Tests.Unit.Deployment;

/// <summary>The k8s/ objects parsed with the Kubernetes client's typed models, plus the checks on them.</summary>
internal sealed class ManifestSet
{
    private ManifestSet(IReadOnlyList<object> objects) => Objects = objects;

    public IReadOnlyList<object> Objects { get; }

    public IEnumerable<V1Deployment> Deployments => Objects.OfType<V1Deployment>();

    public IEnumerable<V1Deployment> Silos => Deployments.Where(d => d.Spec.Template.Spec.Containers[0].Image.Contains("/silo", StringComparison.Ordinal));

    public IEnumerable<V1Deployment> Gateways => Deployments.Except(Silos);

    public static string Folder => Path.Combine(RepoRoot.Path, "k8s");

    /// <summary>k8s/ as <c>kubectl apply -k k8s</c> would apply it: the kustomization rendered, each silo group included.</summary>
    public static ManifestSet LoadRepository() => Parse(Kustomization.Render(Folder).Documents);

    public static ManifestSet Parse(IEnumerable<string> documents) =>
        new(documents.SelectMany(text => KubernetesYaml.LoadAllFromString(text)).ToArray());

    /// <summary>Every selector problem: deployments that would select nothing, services that reach no pod.</summary>
    public IEnumerable<string> SelectorProblems()
    {
        foreach (var deployment in Deployments)
        {
            var labels = deployment.Spec.Template.Metadata.Labels ?? new Dictionary<string, string>();
            foreach (var (key, value) in deployment.Spec.Selector.MatchLabels)
            {
                if (!labels.TryGetValue(key, out var actual) || actual != value)
                {
                    yield return $"Deployment {deployment.Metadata.Name}: selector {key}={value} does not match its pod labels";
                }
            }
        }

        foreach (var service in Objects.OfType<V1Service>())
        {
            var targets = Deployments.Where(d => Matches(service.Spec.Selector, d.Spec.Template.Metadata.Labels)).ToArray();
            if (targets.Length == 0)
            {
                yield return $"Service {service.Metadata.Name} selects no Deployment's pods";
                continue;
            }

            foreach (var port in service.Spec.Ports)
            {
                var target = port.TargetPort?.Value ?? port.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var exposed = targets.SelectMany(t => t.Spec.Template.Spec.Containers).SelectMany(c => c.Ports ?? []);
                if (!exposed.Any(p => p.Name == target || p.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture) == target))
                {
                    yield return $"Service {service.Metadata.Name}: targetPort {target} is not a container port";
                }
            }
        }

        foreach (var budget in Objects.OfType<V1PodDisruptionBudget>())
        {
            if (!Deployments.Any(d => Matches(budget.Spec.Selector.MatchLabels, d.Spec.Template.Metadata.Labels)))
            {
                yield return $"PodDisruptionBudget {budget.Metadata.Name} selects no pods";
            }
        }
    }

    /// <summary>The container's environment as the app would see it, every reference resolved.</summary>
    public Dictionary<string, string> ResolvedEnvironment(V1Container container)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container.EnvFrom ?? [])
        {
            var map = ConfigMap(source.ConfigMapRef?.Name) ?? Secret(source.SecretRef?.Name)
                ?? throw new InvalidOperationException($"envFrom names an unknown ConfigMap/Secret in {container.Name}");
            foreach (var (key, value) in map)
            {
                env[key] = value;
            }
        }

        foreach (var variable in container.Env ?? [])
        {
            env[variable.Name] = variable.Value ?? Resolve(variable.ValueFrom, container.Name, variable.Name);
        }

        return env;
    }

    /// <summary>
    /// Where the container's variable comes from as Kubernetes resolves it: an env entry wins over
    /// envFrom, and a later envFrom source over an earlier one.
    /// </summary>
    public EnvSource SourceOf(V1Container container, string name)
    {
        if (container.Env?.LastOrDefault(v => v.Name == name) is { } variable)
        {
            return variable.ValueFrom switch
            {
                { SecretKeyRef: not null } => EnvSource.Secret,
                { ConfigMapKeyRef: not null } => EnvSource.ConfigMap,
                { FieldRef: not null } or { ResourceFieldRef: not null } => EnvSource.Field,
                _ => EnvSource.Literal,
            };
        }

        foreach (var source in (container.EnvFrom ?? []).Reverse())
        {
            if (ConfigMap(source.ConfigMapRef?.Name)?.ContainsKey(name) == true)
            {
                return EnvSource.ConfigMap;
            }

            if (Secret(source.SecretRef?.Name)?.ContainsKey(name) == true)
            {
                return EnvSource.Secret;
            }
        }

        return EnvSource.Missing;
    }

    /// <summary>Every ConfigMap key, by ConfigMap name: plain text anyone who can read the namespace sees.</summary>
    public IEnumerable<(string ConfigMap, string Key)> ConfigMapKeys() =>
        Objects.OfType<V1ConfigMap>().SelectMany(c => (c.Data ?? new Dictionary<string, string>()).Keys.Select(k => (c.Metadata.Name, k)));

    public IDictionary<string, string>? SecretData(string name) => Secret(name);

    private string Resolve(V1EnvVarSource? source, string container, string name)
    {
        if (source?.ConfigMapKeyRef is { } cm)
        {
            return (ConfigMap(cm.Name) ?? throw Missing("ConfigMap", cm.Name)).TryGetValue(cm.Key, out var v)
                ? v : throw Missing($"key {cm.Key} of ConfigMap", cm.Name);
        }

        if (source?.SecretKeyRef is { } sk)
        {
            return (Secret(sk.Name) ?? throw Missing("Secret", sk.Name)).TryGetValue(sk.Key, out var v)
                ? v : throw Missing($"key {sk.Key} of Secret", sk.Name);
        }

        if (source?.FieldRef is { } field)
        {
            return $"<{field.FieldPath}>";
        }

        throw new InvalidOperationException($"{container}: env {name} has neither value nor a known source");
    }

    private IDictionary<string, string>? ConfigMap(string? name) =>
        Objects.OfType<V1ConfigMap>().FirstOrDefault(c => c.Metadata.Name == name)?.Data;

    private IDictionary<string, string>? Secret(string? name) =>
        Objects.OfType<V1Secret>().FirstOrDefault(s => s.Metadata.Name == name)?.StringData;

    private static InvalidOperationException Missing(string what, string name) => new($"{what} {name} is not defined in k8s/");

    public static bool Matches(IDictionary<string, string>? selector, IDictionary<string, string>? labels) =>
        selector is { Count: > 0 } && labels is not null &&
        selector.All(s => labels.TryGetValue(s.Key, out var v) && v == s.Value);
}

public enum EnvSource
{
    Missing = 0,
    Literal = 1,
    ConfigMap = 2,
    Secret = 3,
    Field = 4,
}
