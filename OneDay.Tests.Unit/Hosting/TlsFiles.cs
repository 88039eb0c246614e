using OneDay.Hosting;

namespace OneDay.Tests.Unit.Hosting;

/// <summary>
/// A new CA and the node certificate it issued, as PEM files in a temporary folder (made the way
/// `OneDay.Silo secrets` makes them), and the OneDay:Tls settings that point at them.
/// </summary>
public sealed class TlsFiles : IDisposable
{
    private readonly DirectoryInfo _directory;

    private TlsFiles(DirectoryInfo directory) => _directory = directory;

    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["OneDay:Tls:Enabled"] = "true",
        ["OneDay:Tls:CertificatePath"] = Path.Combine(_directory.FullName, ClusterSecrets.CertificateFile),
        ["OneDay:Tls:KeyPath"] = Path.Combine(_directory.FullName, ClusterSecrets.CertificateKeyFile),
        ["OneDay:Tls:CaCertificatePath"] = Path.Combine(_directory.FullName, ClusterSecrets.CaCertificateFile),
    };

    public static TlsFiles ForNewCluster()
    {
        var files = new TlsFiles(Directory.CreateTempSubdirectory("oneday-tls-"));
        ClusterSecrets.CreateMissing(files._directory.FullName);
        return files;
    }

    public void Dispose() => _directory.Delete(recursive: true);
}
