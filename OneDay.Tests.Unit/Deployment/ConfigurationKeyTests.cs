using System.Reflection;
using System.Text.RegularExpressions;
using OneDay.Api.Caching;
using OneDay.Api.Health;
using OneDay.Api.Hosting;
using OneDay.Api.Security;
using OneDay.Grains.Communication.Email;
using OneDay.Grains.Payments.Providers;
using OneDay.Hosting;
using OneDay.Silo.Hosting;

namespace OneDay.Tests.Unit.Deployment;

/// <summary>
/// Every key is declared by exactly one options type, in the project whose code reads it, and the keys the
/// README documents (which deployments use) are the keys those types bind.
/// </summary>
public sealed partial class ConfigurationKeyTests
{
    /// <summary>Each options type with the section it is bound from; the three root ones split the "OneDay" keys by role.</summary>
    private static readonly (Type Type, string Section)[] Bindings =
    [
        (typeof(OneDayOptions), OneDayConfiguration.SectionName),
        (typeof(SiloSettings), OneDayConfiguration.SectionName),
        (typeof(GatewaySettings), OneDayConfiguration.SectionName),
        (typeof(SecurityOptions), SecurityOptions.SectionName),
        (typeof(ForwardedHeadersSettings), ForwardedHeadersSettings.SectionName),
        (typeof(ReadCacheOptions), ReadCacheOptions.SectionName),
        (typeof(HealthOptions), HealthOptions.SectionName),
        (typeof(SandboxPspOptions), SandboxPspOptions.SectionName),
        (typeof(EmailOptions), EmailOptions.SectionName),
    ];

    [Fact]
    public void No_key_is_declared_by_two_options_types()
    {
        var twice = Bindings
            .SelectMany(b => Keys(b.Type, b.Section).Select(key => (Key: key, b.Type.Name)))
            .GroupBy(k => k.Key, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(k => k.Name))}");
        Assert.Empty(twice);
    }

    [Fact]
    public void The_documented_keys_are_the_bound_keys()
    {
        var bound = Bindings.SelectMany(b => Keys(b.Type, b.Section)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        // OneDay:Jobs is read by the grains' own parser (JobOptions.Read), not bound to an options type.
        var documented = DocumentedKeys().Where(k => !k.StartsWith("OneDay:Jobs:", StringComparison.Ordinal)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        Assert.NotEmpty(documented);
        Assert.Empty(documented.Except(bound, StringComparer.OrdinalIgnoreCase));
        Assert.Empty(bound.Except(documented, StringComparer.OrdinalIgnoreCase));
    }

    /// <summary>The keys the configuration binder sets: settable properties, nested option types as subsections.</summary>
    private static IEnumerable<string> Keys(Type type, string path) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite)
            .SelectMany(p => p.PropertyType is { IsClass: true, Namespace: { } ns } && ns.StartsWith("OneDay", StringComparison.Ordinal)
                ? Keys(p.PropertyType, $"{path}:{p.Name}")
                : [$"{path}:{p.Name}"]);

    /// <summary>
    /// The first cell of each row of README.md's configuration table: a full key, then siblings named by their
    /// last part (`OneDay:Silo:SiloPort` / `GatewayPort`); a dictionary's entries are written `:&lt;name&gt;`.
    /// </summary>
    private static IEnumerable<string> DocumentedKeys()
    {
        foreach (var line in File.ReadLines(Path.Combine(RepoRoot.Path, "README.md")).Where(l => l.StartsWith("| `OneDay:", StringComparison.Ordinal)))
        {
            var parent = "";
            foreach (var name in Code().Matches(line.Split('|')[1]).Select(m => m.Groups[1].Value))
            {
                var key = name.StartsWith("OneDay:", StringComparison.Ordinal) ? name : $"{parent}:{name}";
                parent = key[..key.LastIndexOf(':')];
                yield return Placeholder().Replace(key, "");
            }
        }
    }

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Code();

    [GeneratedRegex(":<[a-z]+>$")]
    private static partial Regex Placeholder();
}
