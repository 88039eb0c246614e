using OneDay.Hosting;

namespace OneDay.Api.Caching;

/// <summary>Registration and the write-side eviction of <see cref="PublicReadCache"/>.</summary>
public static class PublicReadCacheSetup
{
    public static IServiceCollection AddOneDayReadCache(this IServiceCollection services, IConfiguration configuration)
    {
        var options = OneDayConfiguration.Read<ReadCacheOptions>(configuration, ReadCacheOptions.SectionName);
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
