using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneDay.Grains.Interfaces.Security;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Hosting;

/// <summary>
/// X-Forwarded-For through a real gateway: honoured from a configured proxy (the test client, on loopback),
/// ignored from any other. Each test has its own gateway, so the per-IP counters start empty.
/// </summary>
public sealed class ForwardedHeadersTests : IAsyncDisposable
{
    private const int AuthPerIpPerMinute = 6;
    private GatewayHost? _gateway;

    [Fact]
    public async Task Behind_a_known_proxy_limits_and_the_audit_log_see_the_forwarded_client()
    {
        var api = await StartAsync(new() { ["OneDay:ForwardedHeaders:KnownProxies"] = "127.0.0.1,::1" });
        var admin = await api.AdminAsync();

        var userId = await RegisterAndSignInFromAsync(api, "198.51.100.23");
        var signIn = Assert.Single(await api.EventuallyAuditedAsync(admin, userId, AuditActions.LoginSucceeded));
        Assert.Equal("198.51.100.23", signIn.GetProperty("ipAddress").GetString());

        for (var i = 0; i < AuthPerIpPerMinute; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await FailedSignInFromAsync("203.0.113.10")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await FailedSignInFromAsync("203.0.113.10")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await FailedSignInFromAsync("203.0.113.11")).StatusCode);
    }

    [Fact]
    public async Task From_a_proxy_that_is_not_configured_the_forwarded_header_is_ignored()
    {
        var api = await StartAsync(new() { ["OneDay:ForwardedHeaders:KnownNetworks"] = "10.0.0.0/8" });
        var admin = await api.AdminAsync();

        var userId = await RegisterAndSignInFromAsync(api, "198.51.100.23");
        var signIn = Assert.Single(await api.EventuallyAuditedAsync(admin, userId, AuditActions.LoginSucceeded));
        Assert.Equal("127.0.0.1", signIn.GetProperty("ipAddress").GetString());

        // Four sign-in requests so far, all counted against the socket's address; a new forged one each time does not help.
        Assert.Equal(HttpStatusCode.Unauthorized, (await FailedSignInFromAsync("203.0.113.10")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await FailedSignInFromAsync("203.0.113.11")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await FailedSignInFromAsync("203.0.113.12")).StatusCode);
    }

    public async ValueTask DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }

    private async Task<TestApi> StartAsync(Dictionary<string, string?> forwarding)
    {
        _gateway = await GatewayHost.StartEmbeddedAsync(new Dictionary<string, string?>(forwarding)
        {
            ["OneDay:Security:BootstrapAdminEmail"] = TestApi.AdminEmail,
            ["OneDay:Security:PasswordHashIterations"] = "10000",
            ["OneDay:Security:RateLimits:AuthPerIpPerMinute"] = AuthPerIpPerMinute.ToString(CultureInfo.InvariantCulture),
        });
        return new TestApi(_gateway);
    }

    private async Task<Guid> RegisterAndSignInFromAsync(TestApi api, string client)
    {
        var email = TestApi.NewEmail();
        var registered = await SendFromAsync(client, "/api/users", new { email, password = TestApi.Password, displayName = "Proxied", role = "worker" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var signedIn = await SendFromAsync(client, "/api/security/token", new { email, password = TestApi.Password });
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        return (await signedIn.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("userId").GetGuid();
    }

    private Task<HttpResponseMessage> FailedSignInFromAsync(string client) =>
        SendFromAsync(client, "/api/security/token", new { email = TestApi.NewEmail(), password = "not the password" });

    private async Task<HttpResponseMessage> SendFromAsync(string client, string path, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Add("X-Forwarded-For", client);
        return await _gateway!.Client.SendAsync(request);
    }
}
