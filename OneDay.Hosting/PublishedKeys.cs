using System.Security.Cryptography;

namespace OneDay.Hosting;

/// <summary>
/// Fingerprints of every key that has appeared in the repository (published-keys.txt). Such a key is known
/// to anyone who can read the code, so accepting it would let them mint admin tokens or forge MACs.
/// </summary>
public static class PublishedKeys
{
    private const string ResourceName = "OneDay.Hosting.published-keys.txt";

    private static readonly Lazy<HashSet<string>> Fingerprints = new(Load);

    public static IReadOnlySet<string> All => Fingerprints.Value;

    public static bool Contains(ReadOnlySpan<byte> key) => Fingerprints.Value.Contains(Fingerprint(key));

    /// <summary>SHA-256 of the key's bytes, lowercase hex: what published-keys.txt lists.</summary>
    public static string Fingerprint(ReadOnlySpan<byte> key) => Convert.ToHexStringLower(SHA256.HashData(key));

    private static HashSet<string> Load()
    {
        using var stream = typeof(PublishedKeys).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => !line.StartsWith('#'))
            .ToHashSet(StringComparer.Ordinal);
    }
}
