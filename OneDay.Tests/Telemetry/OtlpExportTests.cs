using System.Globalization;
using System.Net;
using OneDay.Api.Http;
using OneDay.Testing;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;

namespace OneDay.Tests.Telemetry;

/// <summary>
/// Traces as a collector receives them in cluster mode: a gateway and a OneDay.Silo process export over OTLP to one
/// collector, and an apply request is one trace across both processes, PostgreSQL and RabbitMQ.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class OtlpExportTests(PostgresFixture postgres) : IAsyncLifetime
{
    private readonly string _clusterId = "traces-" + Guid.NewGuid().ToString("N")[..8];
    private RabbitMqServer? _rabbit;
    private OtlpTraceCollector? _collector;
    private SiloProcess? _silo;
    private GatewayHost? _gateway;

    public async Task InitializeAsync()
    {
        var rabbit = RabbitMqServer.StartAsync();
        var db = await postgres.CreateMigratedDatabaseAsync("traces");
        _rabbit = await rabbit;
        _collector = await OtlpTraceCollector.StartAsync();
        var environment = new Dictionary<string, string>
        {
            ["OneDay__Streams__Provider"] = "RabbitMQ",
            ["OneDay__RabbitMq__Host"] = "127.0.0.1",
            ["OneDay__RabbitMq__Port"] = _rabbit.Port.ToString(CultureInfo.InvariantCulture),
            ["OneDay__RabbitMq__QueueNamePrefix"] = _clusterId,
            ["OneDay__Telemetry__OtlpEndpoint"] = _collector.Endpoint,
        };
        _silo = SiloProcess.Start(SiloSpec.OnFreePorts(db, _clusterId) with { Environment = environment });
        await _silo.WaitUntilActiveAsync(TimeSpan.FromSeconds(60));
        _gateway = await GatewayHost.StartAsync(new Dictionary<string, string?>
        {
            ["OneDay:Mode"] = "Cluster",
            ["OneDay:ClusterId"] = _clusterId,
            ["OneDay:Gateways"] = $"127.0.0.1:{_silo.Spec.GatewayPort}",
            ["OneDay:Dashboard"] = "false",
            ["OneDay:Telemetry:OtlpEndpoint"] = _collector.Endpoint,
        });
    }

    public async Task DisposeAsync()
    {
        await (_gateway?.DisposeAsync() ?? ValueTask.CompletedTask);
        await (_silo?.DisposeAsync() ?? ValueTask.CompletedTask);
        await (_collector?.DisposeAsync() ?? ValueTask.CompletedTask);
        await (_rabbit?.DisposeAsync() ?? ValueTask.CompletedTask);
    }

    [Fact]
    public async Task An_apply_request_reaches_the_collector_as_one_trace_from_the_gateway_and_the_silo()
    {
        var api = new TestApi(_gateway!);
        var employer = await api.RegisterAsync("employer");
        var worker = await api.RegisterAsync("worker");
        var jobId = await api.PostJobAsync(employer, JobsApi.JobBody(start: DateTimeOffset.UtcNow.AddDays(1)));

        var applied = await api.SendAsync(HttpMethod.Post, $"/api/jobs/{jobId}/applications", worker.AccessToken);
        await applied.Json(HttpStatusCode.Created);

        // The request's correlation id is its trace id; both processes export in batches every few seconds.
        var traceId = applied.Headers.GetValues(CorrelationIdMiddleware.HeaderName).Single().ToLowerInvariant();
        var trace = await Retry.UntilAsync(
            () => Task.FromResult(_collector!.Spans.Where(s => s.TraceId == traceId).ToArray()),
            t => t.Any(s => s.Name == "consume jobs.application-submitted") && t.Any(s => s.Scope == "Npgsql")
                && t.Any(s => s.Service == "oneday-gateway"),
            TimeSpan.FromSeconds(60));
        var names = string.Join("\n", trace.Select(s => $"{s.Service} {s.Scope}: {s.Name}"));

        var request = Assert.Single(trace, s => s.Name == "POST /api/jobs/{id:guid}/applications");
        Assert.Equal("", request.ParentSpanId);
        Assert.Equal(["oneday-gateway", "oneday-silo"], trace.Select(s => s.Service).Distinct().Order());
        Assert.Contains(trace, s => s.Service == "oneday-silo" && s.Name.Contains("IJobGrain", StringComparison.Ordinal));
        Assert.Contains(trace, s => s.Service == "oneday-silo" && s.Name == "publish jobs.application-submitted");
        Assert.Contains(trace, s => s.Service == "oneday-silo" && s.Name == "consume jobs.application-submitted");
        // The application's state goes to PostgreSQL in a group commit, under the request that wrote it.
        Assert.Contains(trace, s => s.Service == "oneday-silo" && s.Name == "group commit grain state");
        Assert.Contains(trace, s => s.Service == "oneday-silo" && s.Scope == "Npgsql");
        // One tree across the processes: every span but the request's has its parent in the trace.
        var ids = trace.Select(s => s.SpanId).ToHashSet();
        Assert.All(trace.Where(s => s != request), s => Assert.True(ids.Contains(s.ParentSpanId), $"{s.Name} has no parent here:\n{names}"));
    }
}
