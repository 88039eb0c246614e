using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Grains.Interfaces;
using OneDay.Grains.Interfaces.Security;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Users;

/// <summary>A gateway of its own, since this erases the bootstrap admin the shared clusters' tests rely on.</summary>
public sealed class BootstrapAdminTests : IAsyncLifetime
{
    private const string AdminEmail = "first-admin@tests.oneday.dev";
    private GatewayHost? _gateway;

    private TestApi Api => new(_gateway!);

    public async Task InitializeAsync() => _gateway = await GatewayHost.StartEmbeddedAsync(new Dictionary<string, string?>
    {
        ["OneDay:Security:PasswordHashIterations"] = "10000",
        ["OneDay:Security:BootstrapAdminEmail"] = AdminEmail,
    });

    public async Task DisposeAsync()
    {
        if (_gateway is not null)
        {
            await _gateway.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_bootstrap_address_is_made_admin_once_and_not_again_after_its_erasure()
    {
        string[] variants = [AdminEmail, AdminEmail.ToUpperInvariant(), " " + AdminEmail];
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Register(variants[i % variants.Length])));
        var created = Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r != created), r => Assert.Equal(HttpStatusCode.Conflict, r.StatusCode));
        Assert.Contains("admin", await RolesIn(created));

        var first = await Api.LoginAsync(AdminEmail);
        var firstToken = first.GetProperty("accessToken").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await Api.SendAsync(HttpMethod.Get, "/api/security/audit/verify", firstToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await Api.SendAsync(HttpMethod.Delete, "/api/users/me", firstToken)).StatusCode);

        // The address is free again, but the grant is spent.
        var again = await Register(AdminEmail);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(["employer"], await RolesIn(again));
        var second = await Api.LoginAsync(AdminEmail);
        Assert.Equal(["employer"], second.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!));
        await ProblemAssert.IsProblem(
            await Api.SendAsync(HttpMethod.Get, "/api/security/audit/verify", second.GetProperty("accessToken").GetString()),
            HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Only_one_of_two_addresses_claiming_at_once_may_grant()
    {
        var grant = _gateway!.Services.GetRequiredService<IGrainFactory>().Reference<IBootstrapAdminGrain>(0);
        var claims = await Task.WhenAll(grant.Claim("address-a"), grant.Claim("address-b"));
        Assert.Single(claims, granted => granted);

        var winner = claims[0] ? "address-a" : "address-b";
        Assert.True(await grant.Claim(winner));
        await grant.Spend();
        Assert.False(await grant.Claim(winner));
    }

    private Task<HttpResponseMessage> Register(string email) =>
        Api.Http.PostAsJsonAsync("/api/users", new { email, password = TestApi.Password, displayName = "Admin", role = "employer" });

    private static async Task<string[]> RolesIn(HttpResponseMessage response) =>
        [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("roles").EnumerateArray().Select(r => r.GetString()!)];
}
