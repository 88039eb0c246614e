using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;

namespace OneDay.Api.Caching;

/// <summary>The public reads <see cref="PublicReadCache"/> keeps, each keyed by the entity's id.</summary>
public enum PublicEntity
{
    User,
    Job,
}

/// <summary>
/// Keeps, per gateway and for <see cref="ReadCacheOptions.Seconds"/>, the rendered 200 answers of reads that
/// are the same for every signed-in caller (a public profile, a job). Authentication, authorization and rate
/// limiting still run on every request; only the grain call and the JSON writing are skipped on a hit. Writes
/// that pass through this gateway evict the entity, so a client reads its own writes; other gateways converge
/// within the TTL. A replayed answer carries an Age header, as from any HTTP cache.
/// </summary>
/// <remarks>
/// Hand-written rather than ASP.NET Core's output cache: that middleware builds a string key from the URL,
/// routes every lookup through a request-coalescing dispatcher and rebuilds the stored response's headers and
/// body segments on each hit. Here a hit is one dictionary lookup by id and one write of stored bytes.
/// </remarks>
public sealed class PublicReadCache
{
    private const int EntryOverheadBytes = 200;
    private static readonly string[] AgeTexts = [.. Enumerable.Range(0, 61).Select(a => a.ToString(System.Globalization.CultureInfo.InvariantCulture))];

    private readonly ConcurrentDictionary<Guid, Entry>[] _entries = [new(), new()];
    private readonly TimeSpan _ttl;
    private readonly long _capacityBytes;
    private readonly JsonSerializerOptions _json;
    private readonly TimeProvider _time;
    private long _bytes;
    private long _evictions;

    public PublicReadCache(ReadCacheOptions options, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, TimeProvider time)
    {
        _ttl = TimeSpan.FromSeconds(options.Seconds);
        _time = time;
        _capacityBytes = options.SizeLimitMegabytes * 1024L * 1024L;
        _json = json.Value.SerializerOptions;
    }

    /// <summary>
    /// Taken before reading the entity from its grain and handed to <see cref="Store{T}"/>: an answer read
    /// while a write evicted the entity may be older than that write, so it is served but not kept.
    /// </summary>
    public long Generation => Volatile.Read(ref _evictions);

    /// <summary>The cached answer, unless there is none, it expired, or the client asked for a fresh read.</summary>
    public bool TryGet(HttpRequest request, PublicEntity kind, Guid id, [NotNullWhen(true)] out IResult? answer)
    {
        answer = null;
        if (_ttl == TimeSpan.Zero || !_entries[(int)kind].TryGetValue(id, out var entry))
        {
            return false;
        }

        var age = _time.GetElapsedTime(entry.StoredAt);
        // A client that must see the latest version (say, before an edit with If-Match) asks for it.
        if (age >= _ttl || request.Headers.CacheControl.ToString().Contains("no-cache", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        answer = new JsonAnswer(entry.Body, entry.ETag, AgeTexts[Math.Min(AgeTexts.Length - 1, (int)age.TotalSeconds)]);
        return true;
    }

    /// <summary>Renders <paramref name="value"/> as the gateway's JSON would, keeps it unless a write intervened, and answers with it.</summary>
    public IResult Store<T>(PublicEntity kind, Guid id, long generation, T value, string? etag)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(value, (JsonTypeInfo<T>)_json.GetTypeInfo(typeof(T)));
        if (_ttl > TimeSpan.Zero && generation == Generation)
        {
            var entries = _entries[(int)kind];
            var entry = new Entry(body, etag, _time.GetTimestamp());
            var replaced = entries.TryGetValue(id, out var old) ? old.Size : 0;
            // Starts over when full: cheaper than tracking recency on every hit, and reads refill what they use.
            if (Interlocked.Add(ref _bytes, entry.Size - replaced) > _capacityBytes)
            {
                foreach (var each in _entries)
                {
                    each.Clear();
                }

                Interlocked.Exchange(ref _bytes, entry.Size);
            }

            entries[id] = entry;
        }

        return new JsonAnswer(body, etag, Age: null);
    }

    public void Evict(PublicEntity kind, Guid id)
    {
        Interlocked.Increment(ref _evictions);
        if (_entries[(int)kind].TryRemove(id, out var old))
        {
            Interlocked.Add(ref _bytes, -old.Size);
        }
    }

    private sealed record Entry(byte[] Body, string? ETag, long StoredAt)
    {
        public long Size => Body.Length + EntryOverheadBytes;
    }

    private sealed record JsonAnswer(byte[] Body, string? ETag, string? Age) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = Body.Length;
            if (ETag is not null)
            {
                response.Headers.ETag = ETag;
            }

            if (Age is not null)
            {
                response.Headers.Age = Age;
            }

            var flush = response.BodyWriter.WriteAsync(Body, httpContext.RequestAborted);
            return flush.IsCompletedSuccessfully ? Task.CompletedTask : flush.AsTask();
        }
    }
}
