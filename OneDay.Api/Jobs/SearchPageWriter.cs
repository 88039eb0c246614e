using System.Buffers;
using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Options;
using OneDay.Api.Caching;
using OneDay.Grains.Interfaces.Jobs;

namespace OneDay.Api.Jobs;

/// <summary>
/// Writes search pages as <see cref="SearchResponse"/> JSON from hits rendered once per job version, since
/// searches keep returning the same jobs and serializing them each time dominated a search's cost: a hit
/// costs a cache lookup, a copy and its distance. A cached
/// rendering is used only while the read model's entry equals the one it was rendered from, so any change to
/// the job (title, pay, open slots...) renders it again; a gateway never serves a stale hit.
/// </summary>
/// <remarks>
/// The rendering is the serializer's own output for the hit with every field but the distance, which is the
/// DTO's last property: the bytes up to <c>"distanceMeters":</c> are kept, and the distance and the closing
/// brace are written per search. The constructor checks that shape, and a test compares whole pages with the
/// serializer's output.
/// </remarks>
public sealed class SearchPageWriter
{
    private readonly JsonTypeInfo<SearchHitResponse> _hitInfo;
    private readonly JsonTypeInfo<SearchResponse> _pageInfo;
    private readonly byte[] _distanceTail;
    // The rendering sits in the dictionary's own node: a hit costs as few memory reads as possible, since a
    // search touches twenty jobs scattered over a large heap and each read there is likely a cache miss.
    private readonly ConcurrentDictionary<Guid, (JobSearchEntry Job, byte[] Head)> _rendered = new();
    private readonly int _capacity;
    private int _count;

    public SearchPageWriter(IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, ReadCacheOptions limits)
    {
        var options = json.Value.SerializerOptions;
        _hitInfo = (JsonTypeInfo<SearchHitResponse>)options.GetTypeInfo(typeof(SearchHitResponse));
        _pageInfo = (JsonTypeInfo<SearchResponse>)options.GetTypeInfo(typeof(SearchResponse));
        var name = options.PropertyNamingPolicy?.ConvertName(nameof(SearchHitResponse.DistanceMeters)) ?? nameof(SearchHitResponse.DistanceMeters);
        _distanceTail = Encoding.UTF8.GetBytes($"\"{name}\":0}}");
        _capacity = limits.SearchHits;
        _ = Render(new JobSearchEntry(
            Guid.Empty, 0, "", "", 0, 0, "", DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, new JobPay(0, PayKind.PerHour), 0, 0));
    }

    public IResult Page(JobSearchPage page) => new PageResult(this, page);

    private byte[] HeadOf(Guid jobId, JobSearchEntry job)
    {
        // Within one process the read model hands out the same entry object until the job changes, and record
        // equality checks the reference first; a remote gateway receives copies and compares their fields.
        if (_rendered.TryGetValue(jobId, out var cached) && cached.Job.Equals(job))
        {
            return cached.Head;
        }

        var head = Render(job);
        // Starts over when full: cheaper than tracking recency on every hit, and a search refills what it uses.
        if (Interlocked.Increment(ref _count) > _capacity)
        {
            _rendered.Clear();
            Interlocked.Exchange(ref _count, 1);
        }

        _rendered[jobId] = (job, head);
        return head;
    }

    private byte[] Render(JobSearchEntry job)
    {
        var full = JsonSerializer.SerializeToUtf8Bytes(new JobSearchHit(job, 0).ToResponse(), _hitInfo);
        if (!full.AsSpan().EndsWith(_distanceTail))
        {
            throw new InvalidOperationException(
                $"A search hit no longer ends with {Encoding.UTF8.GetString(_distanceTail)}; SearchPageWriter needs the distance last.");
        }

        // Keeps the property name and colon; the distance's "0}" is written per search.
        return full[..^2];
    }

    private sealed class PageResult(SearchPageWriter writer, JobSearchPage page) : IResult
    {
        private const int MaxNumberBytes = 32;

        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            var body = response.BodyWriter;
            var envelope = JsonSerializer.SerializeToUtf8Bytes(new SearchResponse([], page.NextCursor), writer._pageInfo);
            // The items array is the envelope's first property, so its first "[]" is where the hits go.
            var split = envelope.AsSpan().IndexOf("[]"u8) + 1;
            var items = page.Items;
            var heads = new byte[items.Length][];
            Span<byte> numbers = stackalloc byte[items.Length * MaxNumberBytes];
            Span<int> numberLengths = stackalloc int[items.Length];
            long length = envelope.Length;
            // The entries lie scattered over the read model's heap: reading all their ids in a loop with nothing
            // else in it lets the processor wait for those cache misses together rather than one by one.
            Span<Guid> ids = stackalloc Guid[items.Length];
            for (var i = 0; i < items.Length; i++)
            {
                ids[i] = items[i].Job.JobId;
            }

            for (var i = 0; i < items.Length; i++)
            {
                heads[i] = writer.HeadOf(ids[i], items[i].Job);
                Utf8Formatter.TryFormat(Math.Round(items[i].DistanceMeters, 1), numbers.Slice(i * MaxNumberBytes, MaxNumberBytes), out numberLengths[i]);
                length += (i > 0 ? 1 : 0) + heads[i].Length + numberLengths[i] + 1;
            }

            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = "application/json; charset=utf-8";
            response.ContentLength = length;
            body.Write(envelope.AsSpan(0, split));
            for (var i = 0; i < items.Length; i++)
            {
                if (i > 0)
                {
                    body.Write(","u8);
                }

                body.Write(heads[i]);
                body.Write(numbers.Slice(i * MaxNumberBytes, numberLengths[i]));
                body.Write("}"u8);
            }

            body.Write(envelope.AsSpan(split));
            var flush = body.FlushAsync(httpContext.RequestAborted);
            return flush.IsCompletedSuccessfully ? Task.CompletedTask : flush.AsTask();
        }
    }
}
