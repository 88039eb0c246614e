using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using OneDay.Api.Security;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Matching;

/// <summary>Matching profiles as deployed: stored in PostgreSQL, read back after every activation is gone.</summary>
[Collection(EventsCollection.Name)]
public sealed class MatchingProfileStorageTests(EventsClusterFixture fixture)
{
    [Fact]
    public async Task A_saved_profile_survives_deactivation_in_postgres()
    {
        var workerId = Guid.NewGuid();
        var token = fixture.Gateway.Services.GetRequiredService<AccessTokenIssuer>().Issue(workerId, Guid.NewGuid(), ["worker"]).Token;
        using var client = new HttpClient { BaseAddress = fixture.Gateway.Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/api/matching/profile", MatchingProfileTests.Body(latitude: 35.1796))).StatusCode);
        Assert.Equal(1, await Sql.ScalarAsync<long>(fixture.Database,
            "SELECT count(*) FROM oneday_grain_state WHERE state_name = 'matching-profile' AND strpos(grain_id, $1) > 0", workerId.ToString("N")));

        await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var read = await client.GetFromJsonAsync<JsonElement>("/api/matching/profile");
        Assert.Equal(35.1796, read.GetProperty("home").GetProperty("latitude").GetDouble());
        Assert.Equal(1, read.GetProperty("version").GetInt64());
    }
}
