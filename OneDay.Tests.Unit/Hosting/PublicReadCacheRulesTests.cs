using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OneDay.Api.Caching;

namespace OneDay.Tests.Unit.Hosting;

/// <summary>
/// The read cache's rules that HTTP cannot time reliably: an answer read while a write evicted the entity is
/// not kept, a full cache starts over instead of growing, and an answer lives exactly its TTL.
/// </summary>
public sealed class PublicReadCacheRulesTests
{
    private static readonly HttpRequest Request = new DefaultHttpContext().Request;
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task An_answer_is_served_with_its_age_until_its_ttl_is_up()
    {
        var cache = NewCache(new ReadCacheOptions { Seconds = 30 });
        var id = Guid.NewGuid();
        cache.Store(PublicEntity.Job, id, cache.Generation, new { title = "x" }, "\"v1\"");

        _time.Advance(TimeSpan.FromSeconds(29.9));
        Assert.True(cache.TryGet(Request, PublicEntity.Job, id, out var answer));
        var http = new DefaultHttpContext();
        await answer.ExecuteAsync(http);
        Assert.Equal("29", http.Response.Headers.Age.ToString());

        _time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.False(cache.TryGet(Request, PublicEntity.Job, id, out _));
    }

    [Fact]
    public void An_answer_read_before_an_eviction_is_served_but_not_kept()
    {
        var cache = NewCache(new ReadCacheOptions { Seconds = 30 });
        var id = Guid.NewGuid();

        var generation = cache.Generation;
        cache.Evict(PublicEntity.Job, id);
        Assert.NotNull(cache.Store(PublicEntity.Job, id, generation, new { title = "before the edit" }, "\"v1\""));
        Assert.False(cache.TryGet(Request, PublicEntity.Job, id, out _));

        cache.Store(PublicEntity.Job, id, cache.Generation, new { title = "after the edit" }, "\"v2\"");
        Assert.True(cache.TryGet(Request, PublicEntity.Job, id, out _));
        Assert.False(cache.TryGet(Request, PublicEntity.User, id, out _), "users and jobs are kept apart");
    }

    [Fact]
    public void A_full_cache_starts_over_rather_than_growing()
    {
        var cache = NewCache(new ReadCacheOptions { Seconds = 30, SizeLimitMegabytes = 1 });
        var big = new string('x', 100_000);
        var ids = Enumerable.Range(0, 11).Select(_ => Guid.NewGuid()).ToList();
        foreach (var id in ids)
        {
            cache.Store(PublicEntity.User, id, cache.Generation, new { bio = big }, etag: null);
        }

        // Ten 100 KB answers fit in 1 MB; the eleventh cleared the others and stayed.
        Assert.True(cache.TryGet(Request, PublicEntity.User, ids[^1], out _));
        Assert.False(cache.TryGet(Request, PublicEntity.User, ids[0], out _));
    }

    [Fact]
    public void A_zero_ttl_keeps_nothing()
    {
        var cache = NewCache(new ReadCacheOptions { Seconds = 0 });
        var id = Guid.NewGuid();
        cache.Store(PublicEntity.Job, id, cache.Generation, new { title = "x" }, "\"v1\"");
        Assert.False(cache.TryGet(Request, PublicEntity.Job, id, out _));
    }

    private PublicReadCache NewCache(ReadCacheOptions options) =>
        new(options, Options.Create(new Microsoft.AspNetCore.Http.Json.JsonOptions()), _time);
}
