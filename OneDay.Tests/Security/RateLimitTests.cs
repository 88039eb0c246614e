using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Security;

/// <summary>A gateway of its own with tight limits, so the shared fixtures' generous ones stay out of the way.</summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private GatewayHost? _gateway;

    public async Task InitializeAsync() => _gateway = await GatewayHost.StartEmbeddedAsync(new Dictionary<string, string?>
    {
        ["OneDay:Security:PasswordHashIterations"] = "10000",
        ["OneDay:Security:RateLimits:AuthPerIpPerMinute"] = "3",
        ["OneDay:Security:RateLimits:AuthPerAccountPerMinute"] = "2",
        ["OneDay:Security:RateLimits:GlobalPerSecond"] = "1",
        ["OneDay:Security:RateLimits:GlobalBurst"] = "8",
    });

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }

    [Fact]
    public async Task Auth_endpoints_are_limited_per_ip_with_429_and_retry_after()
    {
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            responses.Add(await _gateway!.Client.PostAsJsonAsync("/api/security/token", new { email = TestApi.NewEmail(), password = "whatever it is" }));
        }

        Assert.All(responses.Take(3), r => Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode));
        await ProblemAssert.IsProblem(responses[3], HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.True(int.Parse(responses[3].Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture) >= 1);
    }

    [Fact]
    public async Task Sign_in_is_limited_per_account_as_well()
    {
        var email = TestApi.NewEmail();
        var first = await _gateway!.Client.PostAsJsonAsync("/api/security/token", new { email, password = "whatever it is" });
        var second = await _gateway.Client.PostAsJsonAsync("/api/security/token", new { email = email.ToUpperInvariant(), password = "whatever it is" });
        var third = await _gateway.Client.PostAsJsonAsync("/api/security/token", new { email, password = "whatever it is" });

        Assert.Equal(HttpStatusCode.Unauthorized, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        await ProblemAssert.IsProblem(third, HttpStatusCode.TooManyRequests, "too-many-requests");
        Assert.True(third.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task The_per_account_limit_counts_each_source_address_apart()
    {
        var email = TestApi.NewEmail();
        using var stranger = SourceAddress.Client(_gateway!.Address, "127.0.0.2");
        using var owner = SourceAddress.Client(_gateway.Address, "127.0.0.3");
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.PostAsJsonAsync("/api/security/token", new { email, password = "whatever it is" })).StatusCode);
        }

        await ProblemAssert.IsProblem(
            await stranger.PostAsJsonAsync("/api/security/token", new { email, password = "whatever it is" }), HttpStatusCode.TooManyRequests, "too-many-requests");
        // A stranger's attempts do not use up those of someone elsewhere.
        Assert.Equal(HttpStatusCode.Unauthorized, (await owner.PostAsJsonAsync("/api/security/token", new { email, password = "whatever it is" })).StatusCode);
    }

    [Fact]
    public async Task The_gateway_limits_each_client_overall()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            var response = await _gateway!.Client.GetAsync("/health/live");
            statuses.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                await ProblemAssert.IsProblem(response, HttpStatusCode.TooManyRequests, "too-many-requests");
                Assert.True(response.Headers.Contains("Retry-After"));
            }
        }

        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
    }
}
