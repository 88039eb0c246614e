using System.ComponentModel.DataAnnotations;
using OneDay.Hosting;

namespace OneDay.Api.Caching;

/// <summary>Registration and the write-side eviction of <see cref="PublicReadCache"/>.</summary>
public static class PublicReadCacheSetup
{
    public static IServiceCollection AddOneDayReadCache(this IServiceCollection services, IConfiguration configuration)
    {
        var options = new ReadCacheOptions();
        configuration.GetSection(ReadCacheOptions.SectionName).Bind(options);
        var errors = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true))
        {
            throw new OneDayConfigurationException(
                "Invalid OneDay:ReadCache configuration: " + string.Join("; ", errors.Select(e => e.ErrorMessage)));
        }

        services.AddSingleton(options);
        services.AddSingleton<Jobs.SearchPageWriter>();
        services.AddSingleton<PublicReadCache>();
        return services;
    }

    /// <summary>
    /// Evicts the job named by the route's {id} after every write endpoint of <paramref name="jobs"/> (PUT,
    /// cancel, apply, accept, check-in...), whatever its outcome; reads get no filter and pay nothing.
    /// </summary>
    public static RouteGroupBuilder EvictsJobsOnWrite(this RouteGroupBuilder jobs)
    {
        ((IEndpointConventionBuilder)jobs).Add(endpoint =>
        {
            var methods = endpoint.Metadata.OfType<IHttpMethodMetadata>().SelectMany(m => m.HttpMethods).ToList();
            if (methods.Count == 0 || methods.Any(m => !HttpMethods.IsGet(m) && !HttpMethods.IsHead(m)))
            {
                endpoint.FilterFactories.Add((_, next) => async invocation =>
                {
                    var result = await next(invocation);
                    var http = invocation.HttpContext;
                    if (Guid.TryParse(http.Request.RouteValues["id"] as string, out var jobId))
                    {
                        http.RequestServices.GetRequiredService<PublicReadCache>().Evict(PublicEntity.Job, jobId);
                    }

                    return result;
                });
            }
        });
        return jobs;
    }
}
