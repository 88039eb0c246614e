using System.Security.Cryptography;

namespace OneDay.Hosting;

/// <summary>
/// <c>OneDay.Silo secrets DIR</c>: makes, once, the secrets a self-contained deployment (compose, scripts/cluster.sh)
/// needs, so none has to be written in the repository. Files that exist are kept, so a restart keeps the keys
/// that signed the tokens and keyed the hashes already stored.
/// </summary>
/// <remarks>
/// One subfolder per consumer, so each can be mounted on its own: <c>signing/</c> for gateways only,
/// <c>silo/</c> for silos only, <c>tls/</c> (a CA and the one node certificate it issued) for both. The CA's
/// private key is not kept: nothing can issue another certificate the cluster trusts.
/// </remarks>
public static class ClusterSecrets
{
    public const string SigningKeyFile = "signing/signing-key";
    public const string SiloKeyFile = "silo/silo-key";
    public const string CaCertificateFile = "tls/ca.crt";
    public const string CertificateFile = "tls/tls.crt";
    public const string CertificateKeyFile = "tls/tls.key";
    private const int KeyBytes = 48;

    /// <summary>Long, because nothing here renews it; delete the tls folder (or volume) to make a new set.</summary>
    private static readonly TimeSpan CertificateLifetime = TimeSpan.FromDays(3650);

    /// <returns>The files it wrote (none when everything was there).</returns>
    public static IReadOnlyList<string> CreateMissing(string directory)
    {
        var written = new List<string>();
        foreach (var name in new[] { SigningKeyFile, SiloKeyFile })
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                WriteSecret(path, Convert.ToBase64String(RandomNumberGenerator.GetBytes(KeyBytes)));
                written.Add(path);
            }
        }

        string[] tls = [CaCertificateFile, CertificateFile, CertificateKeyFile];
        var present = tls.Count(name => File.Exists(Path.Combine(directory, name)));
        if (present == 0)
        {
            using var authority = ClusterCertificates.CreateAuthority("OneDay cluster CA", CertificateLifetime);
            using var node = ClusterCertificates.IssueNode(authority, "oneday-node", CertificateLifetime);
            var paths = tls.Select(name => Path.Combine(directory, name)).ToArray();
            ClusterCertificates.WritePem(authority, node, paths[0], paths[1], paths[2]);
            written.AddRange(paths);
        }
        else if (present < tls.Length)
        {
            throw new InvalidOperationException(
                $"{Path.Combine(directory, "tls")} holds only part of a certificate set; delete it to have a new one made.");
        }

        return written;
    }

    /// <summary>Readable by the owner only; written beside the target and renamed, so a crash leaves no half file.</summary>
    internal static void WriteSecret(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var writer = new StreamWriter(temporary, System.Text.Encoding.ASCII, options))
        {
            writer.Write(text);
        }

        File.Move(temporary, path, overwrite: false);
    }
}
