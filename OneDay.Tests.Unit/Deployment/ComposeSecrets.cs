using OneDay.Hosting;

namespace OneDay.Tests.Unit.Deployment;

/// <summary>What compose's one-shot secrets service writes, made here in a temporary folder.</summary>
internal sealed class ComposeSecrets : IDisposable
{
    /// <summary>Where compose mounts the secret volumes: the "secrets" service writes below it, the others read.</summary>
    public const string ContainerRoot = "/secrets/";

    private ComposeSecrets(DirectoryInfo directory) => Directory = directory;

    public DirectoryInfo Directory { get; }

    public static ComposeSecrets Generate()
    {
        var secrets = new ComposeSecrets(System.IO.Directory.CreateTempSubdirectory("oneday-compose-secrets-"));
        ClusterSecrets.CreateMissing(secrets.Directory.FullName);
        return secrets;
    }

    /// <summary>The environment with container paths under <see cref="ContainerRoot"/> pointing into this folder.</summary>
    public Dictionary<string, string> Localize(IReadOnlyDictionary<string, string> environment) =>
        environment.ToDictionary(
            e => e.Key,
            e => e.Value.StartsWith(ContainerRoot, StringComparison.Ordinal)
                ? Path.Combine(Directory.FullName, e.Value[ContainerRoot.Length..])
                : e.Value,
            StringComparer.Ordinal);

    public void Dispose() => Directory.Delete(recursive: true);
}
