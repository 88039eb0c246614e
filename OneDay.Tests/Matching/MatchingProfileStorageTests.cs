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
        using var client = Client(workerId, "worker");

        Assert.Equal(HttpStatusCode.OK, (await client.PutAsJsonAsync("/api/matching/profile", MatchingProfileTests.Body(latitude: 35.1796))).StatusCode);
        Assert.Equal(1, await Sql.ScalarAsync<long>(fixture.Database,
            "SELECT count(*) FROM oneday_grain_state WHERE state_name = 'matching-profile' AND strpos(grain_id, $1) > 0", workerId.ToString("N")));

        await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        var read = await client.GetFromJsonAsync<JsonElement>("/api/matching/profile");
        Assert.Equal(35.1796, read.GetProperty("home").GetProperty("latitude").GetDouble());
        Assert.Equal(1, read.GetProperty("version").GetInt64());
    }

    [Fact]
    public async Task The_worker_read_model_is_a_row_per_worker_that_follows_a_move_and_outlives_its_cells()
    {
        var workerId = Guid.NewGuid();
        using var worker = Client(workerId, "worker");
        using var employer = Client(Guid.NewGuid(), "employer");
        // Pohang, then Gangneung: no other test keeps workers in either.
        Assert.Equal(HttpStatusCode.OK, (await worker.PutAsJsonAsync("/api/matching/profile", MatchingApi.Profile(36.0190, 129.3435))).StatusCode);
        var before = await CellOf(workerId);
        Assert.NotNull(before);
        Assert.Equal(HttpStatusCode.OK, (await worker.PutAsJsonAsync("/api/matching/profile", MatchingApi.Profile(37.7519, 128.8761))).StatusCode);
        var after = await CellOf(workerId);
        Assert.NotNull(after);
        Assert.NotEqual(before, after);
        Assert.Equal(1, await Sql.ScalarAsync<long>(fixture.Database, "SELECT count(*) FROM oneday_worker_index WHERE worker_id = $1", workerId));

        var posted = await employer.PostAsJsonAsync("/api/jobs", Jobs.JobsApi.JobBody(lat: 37.7519, lon: 128.8761, start: MatchingApi.NextTuesdayAt(10), pay: 15_000));
        var job = (await posted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        // Every cell activation gone: the search reads the cells back from their rows.
        await fixture.Cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        var candidates = await employer.GetFromJsonAsync<JsonElement>($"/api/jobs/{job}/candidates");
        Assert.Equal([workerId], candidates.EnumerateArray().Select(c => c.GetProperty("workerId").GetGuid()));
    }

    private Task<string?> CellOf(Guid workerId) => Sql.ScalarAsync<string?>(fixture.Database,
        "SELECT cell FROM oneday_worker_index WHERE worker_id = $1 AND entry IS NOT NULL", workerId);

    private HttpClient Client(Guid userId, string role)
    {
        var token = fixture.Gateway.Services.GetRequiredService<AccessTokenIssuer>().Issue(userId, Guid.NewGuid(), [role]).Token;
        var client = new HttpClient { BaseAddress = fixture.Gateway.Address, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
