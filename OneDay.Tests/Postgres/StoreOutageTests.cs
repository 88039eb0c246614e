using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OneDay.Silo.Postgres.Migrations;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Postgres;

/// <summary>PostgreSQL going down under a running cluster: a 503 the client may retry, never a 500, and nothing lost.</summary>
public sealed class StoreOutageTests : IAsyncLifetime
{
    // A server of its own: this test stops it, which would break every other test on a shared one.
    private PostgresServer? _server;
    private ClusterWithGateway? _cluster;

    public async Task InitializeAsync()
    {
        _server = await PostgresServer.StartAsync();
        var database = await _server.CreateDatabaseAsync("outage");
        await new SchemaMigrator(NullLogger<SchemaMigrator>.Instance).MigrateAsync(database);
        _cluster = await ClusterWithGateway.StartAsync(database, silos: 1);
    }

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Writes_while_postgres_is_down_are_503_with_retry_after_and_acknowledged_ones_survive()
    {
        var api = new TestApi(_cluster!.Gateway);
        var before = await api.RegisterAsync();

        await _server!.StopAsync();
        var during = await api.Http.PostAsJsonAsync("/api/users",
            new { email = TestApi.NewEmail("outage"), password = TestApi.Password, displayName = "During", role = "worker" });
        await ProblemAssert.IsProblem(during, HttpStatusCode.ServiceUnavailable, "unavailable");
        Assert.True(during.Headers.RetryAfter?.Delta > TimeSpan.Zero, "a 503 says when to retry");

        await _server.ResumeAsync();
        var after = await Retry.UntilSuccess(() => api.RegisterAsync(), TimeSpan.FromSeconds(60));
        var signedIn = await api.SignInAsync(before.Id, before.Email);
        Assert.Equal(before.Id, signedIn.Id);
        Assert.NotEqual(before.Id, after.Id);
    }
}
