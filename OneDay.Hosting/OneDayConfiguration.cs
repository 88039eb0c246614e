using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Configuration;

namespace OneDay.Hosting;

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
            // Which of these a process needs depends on its role: a silo reads PostgreSQL, a gateway
            // OneDay:Gateways; each refuses to start without its own (see ClusterConnectionString and
            // UseOneDayCluster). Here only what is given is checked.
            _ = GatewayEndpoints.Parse(options.Gateways);
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
