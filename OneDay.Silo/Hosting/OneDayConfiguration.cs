using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace OneDay.Silo.Hosting;

public static class OneDayConfiguration
{
    /// <summary>
    /// Binds and validates the "OneDay" section. A bad value stops the process at start with a message
    /// naming the key, instead of a cluster that half-works.
    /// </summary>
    public static OneDayOptions Read(IConfiguration configuration)
    {
        var options = new OneDayOptions();
        try
        {
            configuration.GetSection(OneDayOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new OneDayConfigurationException($"The OneDay configuration section is invalid: {ex.Message}");
        }

        var errors = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true);
        Validator.TryValidateObject(options.Silo, new ValidationContext(options.Silo), errors, validateAllProperties: true);
        Validator.TryValidateObject(options.Security, new ValidationContext(options.Security), errors, validateAllProperties: true);
        if (options.Streams.Provider == StreamProviderKind.RabbitMQ)
        {
            var rabbit = new List<ValidationResult>();
            Validator.TryValidateObject(options.RabbitMq, new ValidationContext(options.RabbitMq), rabbit, validateAllProperties: true);
            errors.AddRange(rabbit.Select(e => new ValidationResult($"OneDay:RabbitMq: {e.ErrorMessage}")));
            if (options.RabbitMq.Prefetch > options.RabbitMq.CacheSize)
            {
                errors.Add(new ValidationResult(
                    "OneDay:RabbitMq:Prefetch must not exceed OneDay:RabbitMq:CacheSize (unacknowledged messages wait in the cache)."));
            }
        }

        if (errors.Count > 0)
        {
            throw new OneDayConfigurationException(
                "Invalid OneDay configuration: " + string.Join("; ", errors.Select(e => e.ErrorMessage)));
        }

        _ = options.HostedDomains();
        if (options.Mode == HostingMode.Cluster)
        {
            // A gateway given static silo endpoints needs no database; everything else in a cluster does.
            if (string.IsNullOrWhiteSpace(options.Postgres.ConnectionString) &&
                ClientBuilderExtensions.ParseGateways(options.Gateways).Count == 0)
            {
                throw new OneDayConfigurationException(
                    "Cluster mode needs a PostgreSQL connection string: set OneDay:Postgres:ConnectionString " +
                    "(environment variable OneDay__Postgres__ConnectionString).");
            }

            foreach (var domain in options.Postgres.Domains.Keys)
            {
                if (!Grains.Interfaces.Domains.IsKnown(domain.ToLowerInvariant()))
                {
                    throw new OneDayConfigurationException(
                        $"OneDay:Postgres:Domains:{domain} names an unknown domain.");
                }
            }
        }

        return options;
    }
}
