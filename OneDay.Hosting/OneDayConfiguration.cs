using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace OneDay.Hosting;

/// <summary>
/// The one way every OneDay process binds and checks a configuration section: a bad value stops the process
/// at start with a <see cref="OneDayConfigurationException"/> naming the section and the key, instead of a
/// cluster that half-works. Each section is read by the code that uses it, with the options type declared
/// beside that code: shared keys here, a silo's in OneDay.Silo, a gateway's in OneDay.Api.
/// </summary>
public static class OneDayConfiguration
{
    public const string SectionName = "OneDay";

    /// <summary>
    /// Binds the section at <paramref name="path"/> into a new <typeparamref name="T"/> and validates its data
    /// annotations. A nested options object is not validated by itself: <paramref name="check"/> names it (with
    /// <see cref="Validate"/>) and adds whatever rule spans keys.
    /// </summary>
    public static T Read<T>(IConfiguration configuration, string path, Func<T, IEnumerable<string>>? check = null)
        where T : new()
    {
        var options = new T();
        try
        {
            configuration.GetSection(path).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            // The binder's message names the key and the value it could not convert.
            throw new OneDayConfigurationException($"Invalid configuration: {ex.Message}");
        }

        var errors = Validate(options, path).Concat(check?.Invoke(options) ?? []).ToList();
        return errors.Count == 0
            ? options
            : throw new OneDayConfigurationException("Invalid configuration: " + string.Join("; ", errors));
    }

    /// <summary>The data annotation errors of one options object, each prefixed with its section, e.g. "OneDay:Health: The field ...".</summary>
    public static IEnumerable<string> Validate(object options, string path)
    {
        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true);
        return errors.Select(e => $"{path}: {e.ErrorMessage}");
    }

    /// <summary>Binds and validates the keys of the "OneDay" section that silos and gateways share.</summary>
    public static OneDayOptions Read(IConfiguration configuration) => Read<OneDayOptions>(configuration, SectionName, o => o.Telemetry.Problems());
}
