using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Api.Security;
using OneDay.Tests.Eventing;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Security;

/// <summary>Requests naming users, sessions and addresses that do not exist must not each leave memory behind.</summary>
[Collection(ClusterCollection.Name)]
public sealed class MadeUpIdTests(ClusterFixture fixture)
{
    private static readonly string[] GrainTypes = ["UserGrain", "AccountGrain", "EmailIndexGrain"];

    private TestApi Api => fixture.Api;

    [Fact]
    public async Task Made_up_user_ids_refresh_tokens_and_addresses_leave_no_activations_behind()
    {
        var user = await Api.RegisterAsync("worker");
        var baseline = await ActivationsAsync();
        Assert.All(baseline, kv => Assert.True(kv.Value > 0, $"no {kv.Key} counted: the statistics name it differently"));

        await ForEachAsync(2_000, async _ =>
            Assert.Equal(HttpStatusCode.NotFound, (await Api.SendAsync(HttpMethod.Get, $"/api/users/{Guid.NewGuid()}", user.AccessToken)).StatusCode));
        await ForEachAsync(2_000, async _ =>
        {
            var token = $"v1.{Guid.NewGuid():N}.{Guid.NewGuid():N}.1.{Guid.NewGuid():N}";
            Assert.Equal(HttpStatusCode.Unauthorized, (await Api.Http.PostAsJsonAsync("/api/security/token/refresh", new { refreshToken = token })).StatusCode);
        });
        await ForEachAsync(500, async _ =>
        {
            var response = await Api.Http.PostAsJsonAsync("/api/security/token", new { email = TestApi.NewEmail("made-up"), password = "not the password at all" });
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        });

        await Eventually.HoldsAsync(
            async () => (await ActivationsAsync()).All(kv => kv.Value <= baseline[kv.Key]),
            TimeSpan.FromSeconds(10),
            async () => $"activations {Describe(await ActivationsAsync())}, baseline {Describe(baseline)}");

        var limiter = fixture.Gateway.Services.GetRequiredService<AccountRateLimiter>();
        Assert.InRange(limiter.TrackedKeys, 0, limiter.Capacity);

        // Real users still work.
        Assert.Equal(HttpStatusCode.OK, (await Api.SendAsync(HttpMethod.Get, $"/api/users/{user.Id}", user.AccessToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Api.Http.PostAsJsonAsync("/api/security/token/refresh", new { refreshToken = user.RefreshToken })).StatusCode);
        await Api.LoginAsync(user.Email);
    }

    private async Task<Dictionary<string, int>> ActivationsAsync()
    {
        var statistics = await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return GrainTypes.ToDictionary(
            type => type,
            type => statistics.Where(s => s.GrainType.Split(',')[0].EndsWith("." + type, StringComparison.Ordinal)).Sum(s => s.ActivationCount));
    }

    private static string Describe(Dictionary<string, int> counts) => string.Join(", ", counts.Select(kv => $"{kv.Key} {kv.Value}"));

    private static Task ForEachAsync(int count, Func<int, Task> request) =>
        Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) => await request(i));
}
