using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.OutputCaching;
using OneDay.Silo.Hosting;

namespace OneDay.Api.Infrastructure;

/// <summary>The "OneDay:ReadCache" section: how long a gateway may answer public reads from memory.</summary>
public sealed class ReadCacheOptions
{
    public const string SectionName = "OneDay:ReadCache";

    /// <summary>
    /// How stale a public read may be when another gateway (or a background saga) changed the entity;
    /// this gateway's own writes evict at once. 0 turns the cache off.
    /// </summary>
    [Range(0, 60)]
    public double Seconds { get; set; } = 1;

    [Range(1, 4096)]
    public int SizeLimitMegabytes { get; set; } = 64;

    /// <summary>
    /// How many search hits a gateway keeps rendered as JSON (<see cref="Jobs.SearchPageWriter"/>), about
    /// 0.5 KB each. A rendering is checked against the read model's entry on every use, so this bounds
    /// memory, not staleness.
    /// </summary>
    [Range(1, 10_000_000)]
    public int SearchHits { get; set; } = 100_000;
}

/// <summary>
/// Caches, per gateway and for <see cref="ReadCacheOptions.Seconds"/>, the 200 answers of reads that are the
/// same for every signed-in caller (a public profile, a job), keyed by URL and tagged with the entity's id.
/// Authentication, authorization and rate limiting still run on every request, since the middleware sits
/// after them; only the grain call and the JSON writing are skipped on a hit. Writes that pass through this
/// gateway evict the entity's tag, so a client reads its own writes; other gateways converge within the TTL.
/// </summary>
public static class PublicReadCache
{
    public const string UserPolicy = "public-user";
    public const string JobPolicy = "public-job";

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
        var ttl = TimeSpan.FromSeconds(options.Seconds);
        services.AddOutputCache(o =>
        {
            o.SizeLimit = options.SizeLimitMegabytes * 1024L * 1024L;
            o.AddPolicy(UserPolicy, new EntityReadPolicy(UserTagPrefix, ttl));
            o.AddPolicy(JobPolicy, new EntityReadPolicy(JobTagPrefix, ttl));
        });
        return services;
    }

    public static ValueTask EvictUserAsync(this IOutputCacheStore store, Guid userId) =>
        store.EvictByTagAsync(UserTagPrefix + userId.ToString("D"), CancellationToken.None);

    public static ValueTask EvictJobAsync(this IOutputCacheStore store, Guid jobId) =>
        store.EvictByTagAsync(JobTagPrefix + jobId.ToString("D"), CancellationToken.None);

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
                        await http.RequestServices.GetRequiredService<IOutputCacheStore>().EvictJobAsync(jobId);
                    }

                    return result;
                });
            }
        });
        return jobs;
    }

    private const string UserTagPrefix = "user:";
    private const string JobTagPrefix = "job:";

    /// <summary>
    /// The framework's default policy refuses requests that carry an Authorization header, which is every
    /// request here; this one caches them on purpose because the answer does not depend on who asks.
    /// </summary>
    private sealed class EntityReadPolicy(string tagPrefix, TimeSpan ttl) : IOutputCachePolicy
    {
        public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            var request = context.HttpContext.Request;
            Guid id = default;
            var cacheable = ttl > TimeSpan.Zero
                && (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                && Guid.TryParse(request.RouteValues["id"] as string, out id);
            context.EnableOutputCaching = cacheable;
            // A client that must see the latest version (say, before an edit with If-Match) asks for it.
            context.AllowCacheLookup = cacheable && !request.Headers.CacheControl.ToString().Contains("no-cache", StringComparison.OrdinalIgnoreCase);
            context.AllowCacheStorage = cacheable;
            // Locking would make concurrent misses of one key wait for the first, but it routes every lookup,
            // hits included, through one shared dispatcher; a few duplicate grain reads per expiry cost less.
            context.AllowLocking = false;
            if (cacheable)
            {
                context.ResponseExpirationTimeSpan = ttl;
                context.Tags.Add(tagPrefix + id.ToString("D"));
            }

            return ValueTask.CompletedTask;
        }

        public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

        // Problems (404, 400) are not stored: a missing user may be registered a moment later.
        public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation)
        {
            if (context.HttpContext.Response.StatusCode != StatusCodes.Status200OK)
            {
                context.AllowCacheStorage = false;
            }

            return ValueTask.CompletedTask;
        }
    }
}
