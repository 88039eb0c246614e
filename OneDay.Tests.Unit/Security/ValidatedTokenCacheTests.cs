using System.Security.Cryptography;
using Microsoft.Extensions.Time.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OneDay.Api.Security;

namespace OneDay.Tests.Unit.Security;

/// <summary>The cache in front of JWT validation must never accept what full validation would refuse.</summary>
public sealed class ValidatedTokenCacheTests
{
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);
    private readonly SecurityOptions _options = new();
    private readonly SigningKey _key = new(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64)));
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly CountingHandler _inner = new();

    [Fact]
    public async Task A_repeated_token_is_validated_once()
    {
        var cache = NewCache(capacity: 10);
        var token = Issue();

        var first = await cache.ValidateTokenAsync(token, Parameters());
        var second = await cache.ValidateTokenAsync(token, Parameters());

        Assert.True(first.IsValid);
        Assert.True(second.IsValid);
        Assert.Equal(1, _inner.Calls);
        Assert.Equal(first.ClaimsIdentity.FindFirst("sub")?.Value, second.ClaimsIdentity.FindFirst("sub")?.Value);
    }

    [Fact]
    public async Task The_header_fast_path_knows_only_validated_live_tokens_and_reads_their_session()
    {
        var cache = NewCache(capacity: 10);
        var session = Guid.NewGuid();
        var token = Issue(session);
        Assert.False(cache.TryGetValid(token, out _, out _));

        Assert.True((await cache.ValidateTokenAsync(token, Parameters())).IsValid);
        Assert.True(cache.TryGetValid(("Bearer " + token).AsSpan(7), out var identity, out var sid));
        Assert.Equal(session, sid);
        Assert.NotNull(identity.FindFirst("sub"));

        Assert.False(cache.TryGetValid(token.AsSpan(0, token.Length - 1), out _, out _));
        _time.Advance(TimeSpan.FromMinutes(_options.AccessTokenMinutes) + Skew + TimeSpan.FromSeconds(1));
        Assert.False(cache.TryGetValid(token, out _, out _));
        Assert.Equal(1, _inner.Calls);
    }

    [Fact]
    public async Task A_tampered_copy_of_a_cached_token_still_gets_full_validation_and_fails()
    {
        var cache = NewCache(capacity: 10);
        var token = Issue();
        Assert.True((await cache.ValidateTokenAsync(token, Parameters())).IsValid);

        var tampered = token[..^2] + (token[^2] == 'A' ? "BA" : "AA");
        var result = await cache.ValidateTokenAsync(tampered, Parameters());

        Assert.False(result.IsValid);
        Assert.Equal(2, _inner.Calls);
    }

    [Fact]
    public async Task A_cached_token_stops_working_when_it_expires()
    {
        var cache = NewCache(capacity: 10);
        var token = Issue();
        Assert.True((await cache.ValidateTokenAsync(token, Parameters())).IsValid);

        _time.Advance(TimeSpan.FromMinutes(_options.AccessTokenMinutes) + Skew + TimeSpan.FromSeconds(1));
        await cache.ValidateTokenAsync(token, Parameters());

        // The cache let go and full validation ran again (which judges expiry by the real clock, so its
        // verdict here is not the point; the matrix tests cover expired tokens end to end).
        Assert.Equal(2, _inner.Calls);
    }

    [Fact]
    public async Task Invalid_tokens_are_never_remembered()
    {
        var cache = NewCache(capacity: 10);
        for (var i = 0; i < 3; i++)
        {
            Assert.False((await cache.ValidateTokenAsync("not.a.token", Parameters())).IsValid);
        }

        Assert.Equal(3, _inner.Calls);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public async Task The_cache_never_holds_more_than_its_capacity()
    {
        var cache = NewCache(capacity: 4);
        for (var i = 0; i < 10; i++)
        {
            Assert.True((await cache.ValidateTokenAsync(Issue(), Parameters())).IsValid);
            Assert.InRange(cache.Count, 1, 4);
        }
    }

    private ValidatedTokenCache NewCache(int capacity) => new(_inner, _time, Skew, capacity);

    private string Issue(Guid? session = null) =>
        new AccessTokenIssuer(_key, _options, _time).Issue(Guid.NewGuid(), session ?? Guid.NewGuid(), ["worker"]).Token;

    private TokenValidationParameters Parameters() => new()
    {
        ValidIssuer = _options.Issuer,
        ValidAudience = _options.Audience,
        IssuerSigningKey = _key.Key,
        ValidAlgorithms = [SecurityAlgorithms.HmacSha256],
        ClockSkew = Skew,
    };

    private sealed class CountingHandler : TokenHandler
    {
        private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };

        public int Calls { get; private set; }

        public override Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
        {
            Calls++;
            return _handler.ValidateTokenAsync(token, validationParameters);
        }
    }
}
