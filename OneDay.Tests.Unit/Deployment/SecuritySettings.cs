using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;
using OneDay.Api.Security;
using OneDay.Silo.Security;

namespace OneDay.Tests.Unit.Deployment;

/// <summary>
/// Checks a container's OneDay:Security values against the options type its process binds them to. The
/// configuration binder ignores keys it does not know and a misspelled key would leave a default in
/// place without a word, so every key must name a property and every value must convert and validate.
/// </summary>
internal static class SecuritySettings
{
    public const string SigningKeyVariable = "OneDay__Security__SigningKey";
    public const string SiloKeyVariable = "OneDay__Security__SiloKey";
    private const string Prefix = "OneDay__Security__";

    /// <summary>
    /// A gateway binds the section to <see cref="SecurityOptions"/> (tokens, rate limits); a silo binds it
    /// to <see cref="AccountSecurityOptions"/> (first admin, password hashing). A value only the other
    /// kind of process reads is reported too: it has no effect where it is set.
    /// </summary>
    public static IEnumerable<string> Problems(string owner, IReadOnlyDictionary<string, string> environment, bool gateway)
    {
        var values = environment
            .Where(e => e.Key.StartsWith(Prefix, StringComparison.Ordinal))
            .ToDictionary(e => e.Key.Replace("__", ":", StringComparison.Ordinal), string? (e) => e.Value);
        if (values.Count == 0)
        {
            return [];
        }

        var section = new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(SecurityOptions.SectionName);
        object options = gateway ? new SecurityOptions() : new AccountSecurityOptions();
        try
        {
            section.Bind(options, binder => binder.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException ex)
        {
            return [$"{owner}: {ex.Message}"];
        }

        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true);
        if (options is SecurityOptions { RateLimits: var limits })
        {
            Validator.TryValidateObject(limits, new ValidationContext(limits), errors, validateAllProperties: true);
        }

        return errors.Select(e => $"{owner}: {e.ErrorMessage}");
    }

    /// <summary>
    /// The gateways' token signing key must come from a Secret: a literal in the manifest or a ConfigMap
    /// is readable by anyone who can read the repository or the namespace, and lets them mint any token.
    /// The committed Secret holds only a placeholder, so no real key ever lands in git.
    /// </summary>
    public static IEnumerable<string> SigningKeyProblems(ManifestSet manifests) =>
        SecretProblems(manifests, SigningKeyVariable, manifests.Gateways, manifests.Silos);

    /// <summary>The silos' shared secret, held to the same rules; gateways must not hold it at all.</summary>
    public static IEnumerable<string> SiloKeyProblems(ManifestSet manifests) =>
        SecretProblems(manifests, SiloKeyVariable, manifests.Silos, manifests.Gateways);

    private static IEnumerable<string> SecretProblems(
        ManifestSet manifests, string variable, IEnumerable<k8s.Models.V1Deployment> holders, IEnumerable<k8s.Models.V1Deployment> others)
    {
        foreach (var deployment in holders)
        {
            var container = deployment.Spec.Template.Spec.Containers[0];
            var source = manifests.SourceOf(container, variable);
            if (source != EnvSource.Secret)
            {
                yield return $"Deployment {deployment.Metadata.Name}: {variable} comes from {source}, not a Secret";
            }
            else if (!manifests.ResolvedEnvironment(container)[variable].Contains("REPLACE-ME", StringComparison.Ordinal))
            {
                yield return $"Deployment {deployment.Metadata.Name}: the Secret behind {variable} holds a value, not the REPLACE-ME placeholder";
            }
        }

        foreach (var deployment in others.Where(d => manifests.SourceOf(d.Spec.Template.Spec.Containers[0], variable) != EnvSource.Missing))
        {
            yield return $"Deployment {deployment.Metadata.Name}: holds {variable}, which only its owners may";
        }

        var name = variable[Prefix.Length..];
        foreach (var (configMap, key) in manifests.ConfigMapKeys().Where(k => k.Key.Contains(name, StringComparison.OrdinalIgnoreCase)))
        {
            yield return $"ConfigMap {configMap}: {key} is a secret in plain text";
        }
    }
}
