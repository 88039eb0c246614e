using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Api.Hosting;
using OneDay.Grains.Security;
using OneDay.Hosting;
using OneDay.Silo.Hosting;
using OneDay.Silo.Security;

namespace OneDay.Tests.Unit.Deployment;

/// <summary>A key that anyone can read in the repository is refused, and none is left there unlisted.</summary>
public sealed partial class PublishedKeyTests
{
    private static readonly OneDayOptions Cluster = new() { Mode = HostingMode.Cluster };

    public static TheoryData<string> FormerlyCommittedKeys => new()
    {
        // compose.yaml's development signing key.
        "b25lZGF5LWRldmVsb3BtZW50LW9ubHktc2lnbmluZy1rZXktbm90LXNlY3JldA==",
        // The test fixtures' fixed gateway signing key and silo key.
        Convert.ToBase64String(Encoding.UTF8.GetBytes("oneday-tests-signing-key-0123456789abcdef")),
        Convert.ToBase64String(Encoding.UTF8.GetBytes("oneday-tests-silo-key-0123456789abcdefgh")),
    };

    [Theory]
    [MemberData(nameof(FormerlyCommittedKeys))]
    public void A_cluster_gateway_refuses_a_signing_key_published_in_the_repository(string key)
    {
        var error = Assert.Throws<OneDayConfigurationException>(() => GatewayApp.Create(
            ["--OneDay:Mode=Cluster", "--OneDay:Gateways=127.0.0.1:30000", "--OneDay:Tls:Enabled=false", $"--OneDay:Security:SigningKey={key}", "--urls=http://127.0.0.1:0"]));
        Assert.Contains("OneDay:Security:SigningKey is a key published", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(FormerlyCommittedKeys))]
    public void A_cluster_silo_refuses_a_silo_key_published_in_the_repository(string key)
    {
        var settings = new SiloSettings();
        settings.Security.SiloKey = key;
        settings.Postgres.ConnectionString = "Host=127.0.0.1;Database=unused";

        var error = Assert.Throws<OneDayConfigurationException>(() => new ServiceCollection().AddOneDayAccounts(Cluster, settings));
        Assert.Contains("OneDay:Security:SiloKey is a key published", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_key_in_the_repository_is_on_the_published_list()
    {
        var unlisted = KeyLikeValues()
            .Where(found => !PublishedKeys.All.Contains(PublishedKeys.Fingerprint(found.Bytes)))
            .Select(found => $"{found.File}: add {PublishedKeys.Fingerprint(found.Bytes)} to OneDay.Silo/Hosting/published-keys.txt (or remove the key)")
            .ToArray();
        Assert.Empty(unlisted);
    }

    [Fact]
    public void The_scan_finds_a_key_in_a_config_file()
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        var found = KeyLikeValuesIn($"OneDay__Security__SigningKey: \"{key}\"\nsha256: {new string('a', 64)}\n").ToArray();
        Assert.Equal(key, Convert.ToBase64String(Assert.Single(found)));
    }

    [Fact]
    public void A_key_file_is_read_instead_of_an_inline_key()
    {
        var directory = Directory.CreateTempSubdirectory("oneday-keys-");
        try
        {
            var path = Path.Combine(directory.FullName, "silo-key");
            var secret = System.Security.Cryptography.RandomNumberGenerator.GetBytes(40);
            File.WriteAllText(path, Convert.ToBase64String(secret) + "\n");
            var settings = new SiloSettings();
            settings.Security.SiloKeyFile = path;
            settings.Postgres.ConnectionString = "Host=127.0.0.1;Database=unused";
            using var services = new ServiceCollection().AddOneDayAccounts(Cluster, settings).BuildServiceProvider();
            Assert.Equal(new SiloKeys(secret).For("audit-chain"), services.GetRequiredService<SiloKeys>().For("audit-chain"));

            settings.Security.SiloKey = Convert.ToBase64String(secret);
            Assert.Contains("not both", Assert.Throws<OneDayConfigurationException>(() => new ServiceCollection().AddOneDayAccounts(Cluster, settings)).Message, StringComparison.Ordinal);

            settings.Security.SiloKey = null;
            settings.Security.SiloKeyFile = Path.Combine(directory.FullName, "missing");
            Assert.Contains("cannot be read", Assert.Throws<OneDayConfigurationException>(() => new ServiceCollection().AddOneDayAccounts(Cluster, settings)).Message, StringComparison.Ordinal);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>
    /// Base64 runs of 32 bytes or more, mixing digits and both cases (so words, paths and hex digests are
    /// skipped), in every text file of the repository except build output and recorded bench runs.
    /// </summary>
    private static IEnumerable<(string File, byte[] Bytes)> KeyLikeValues()
    {
        foreach (var file in RepositoryTextFiles())
        {
            foreach (var bytes in KeyLikeValuesIn(File.ReadAllText(file)))
            {
                yield return (Path.GetRelativePath(RepoRoot.Path, file), bytes);
            }
        }
    }

    private static IEnumerable<byte[]> KeyLikeValuesIn(string text)
    {
        foreach (Match match in Base64Run().Matches(text))
        {
            var token = match.Value.TrimEnd('=');
            if (!token.Any(char.IsAsciiDigit) || !token.Any(char.IsAsciiLetterUpper) || !token.Any(char.IsAsciiLetterLower) || token.Length % 4 == 1)
            {
                continue;
            }

            var bytes = Convert.FromBase64String(token.PadRight(token.Length + ((4 - (token.Length % 4)) % 4), '='));
            if (bytes.Length >= 32)
            {
                yield return bytes;
            }
        }
    }

    private static IEnumerable<string> RepositoryTextFiles()
    {
        // What .gitignore keeps out of the repository: build and test output, local clusters and bench runs, and the
        // embedded default's email pickup folder (its verification links carry signed tokens).
        string[] skippedFolders = ["bin", "obj", ".git", "TestResults", ".cluster", ".work", "node_modules", "mail"];
        var results = Path.Combine(RepoRoot.Path, "bench", "results");
        var pending = new Stack<string>([RepoRoot.Path]);
        while (pending.TryPop(out var directory))
        {
            foreach (var child in Directory.EnumerateDirectories(directory))
            {
                if (!skippedFolders.Contains(Path.GetFileName(child)) && child != results)
                {
                    pending.Push(child);
                }
            }

            foreach (var file in Directory.EnumerateFiles(directory).Where(f => new FileInfo(f).Length < 1_000_000))
            {
                if (!File.ReadAllBytes(file).Contains((byte)0))
                {
                    yield return file;
                }
            }
        }
    }

    [GeneratedRegex("(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{43,}={0,2}")]
    private static partial Regex Base64Run();
}
