using System.Security.Cryptography;

namespace OneDay.Silo.Hosting;

/// <summary>
/// <c>OneDay.Silo secrets DIR</c>: makes, once, the secrets a self-contained deployment (compose, scripts/cluster.sh)
/// needs, so none has to be written in the repository. Files that exist are kept, so a restart keeps the keys
/// that signed the tokens and keyed the hashes already stored.
/// </summary>
/// <remarks>
/// One subfolder per consumer, so each can be mounted on its own: <c>signing/</c> for gateways only,
/// <c>silo/</c> for silos only.
/// </remarks>
public static class ClusterSecrets
{
    public const string SigningKeyFile = "signing/signing-key";
    public const string SiloKeyFile = "silo/silo-key";
    private const int KeyBytes = 48;

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
