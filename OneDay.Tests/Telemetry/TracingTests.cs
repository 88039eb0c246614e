using System.Collections;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using OneDay.Api.Http;
using OneDay.Tests.Fixtures;
using OneDay.Tests.Jobs;
using OpenTelemetry.Trace;

namespace OneDay.Tests.Telemetry;

/// <summary>Traces as a collector would receive them, from an in-memory exporter in the embedded app.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class TracingTests
{
    [Fact]
    public async Task One_apply_request_is_one_trace_across_the_gateway_the_job_grain_the_saga_and_the_notification()
    {
        var spans = new SpanLog();
        await using var gateway = await GatewayHost.StartEmbeddedAsync(
            new Dictionary<string, string?> { ["OneDay:Telemetry:Traces"] = "true" },
            services: s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans)));
        var api = new TestApi(gateway);
        var employer = await api.RegisterAsync("employer");
        var worker = await api.RegisterAsync("worker");
        var jobId = await api.PostJobAsync(employer, JobsApi.JobBody(start: DateTimeOffset.UtcNow.AddDays(1)));

        var applied = await api.SendAsync(HttpMethod.Post, $"/api/jobs/{jobId}/applications", worker.AccessToken);
        await applied.Json(HttpStatusCode.Created);

        // Without a correlation id of the client's, the request's is its trace id.
        var traceId = ActivityTraceId.CreateFromString(applied.Headers.GetValues(CorrelationIdMiddleware.HeaderName).Single());
        var trace = await Retry.UntilAsync(
            () => Task.FromResult(spans.Snapshot().Where(s => s.TraceId == traceId).ToArray()),
            t => t.Any(s => s.DisplayName.Contains("INotificationInboxGrain", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30));
        var names = string.Join("\n", trace.Select(s => $"{s.Source.Name}: {s.DisplayName}"));

        var request = Assert.Single(trace, s => s.Kind == ActivityKind.Server && s.Source.Name == "Microsoft.AspNetCore");
        Assert.Equal("POST /api/jobs/{id:guid}/applications", request.DisplayName);
        Assert.Equal(default, request.ParentSpanId);
        Assert.Equal(traceId.ToHexString(), request.GetTagItem("oneday.correlation_id"));
        Assert.True(trace.Any(s => s.DisplayName.Contains("IJobGrain", StringComparison.Ordinal)), names);
        Assert.True(trace.Any(s => s.DisplayName == "publish jobs.application-submitted" && s.Kind == ActivityKind.Producer), names);
        // The saga's event, taken from the stream, and the notification the employer gets at its end.
        Assert.True(trace.Any(s => s.DisplayName == "consume jobs.application-submitted" && s.Kind == ActivityKind.Consumer), names);
        Assert.True(trace.Any(s => s.DisplayName.Contains("INotificationInboxGrain", StringComparison.Ordinal)), names);

        // One tree: every span but the request hangs under another span of the same trace.
        var ids = trace.Select(s => s.SpanId).ToHashSet();
        Assert.All(trace.Where(s => s != request), s => Assert.Contains(s.ParentSpanId, ids));
    }

    [Fact]
    public async Task Without_a_collector_or_the_switch_no_span_is_recorded()
    {
        var spans = new SpanLog();
        await using var gateway = await GatewayHost.StartEmbeddedAsync(
            services: s => s.ConfigureOpenTelemetryTracerProvider(t => t.AddInMemoryExporter(spans)));

        await new TestApi(gateway).RegisterAsync();

        Assert.Empty(spans.Snapshot());
        var response = await gateway.Client.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(spans.Snapshot());
    }

    /// <summary>The exporter adds from whichever thread ends a span while the test reads: a locked list.</summary>
    private sealed class SpanLog : ICollection<Activity>
    {
        private readonly List<Activity> _items = [];

        public int Count
        {
            get
            {
                lock (_items)
                {
                    return _items.Count;
                }
            }
        }

        public bool IsReadOnly => false;

        public Activity[] Snapshot()
        {
            lock (_items)
            {
                return [.. _items];
            }
        }

        public void Add(Activity item)
        {
            lock (_items)
            {
                _items.Add(item);
            }
        }

        public void Clear()
        {
            lock (_items)
            {
                _items.Clear();
            }
        }

        public bool Contains(Activity item) => Snapshot().Contains(item);

        public void CopyTo(Activity[] array, int arrayIndex) => Snapshot().CopyTo(array, arrayIndex);

        public bool Remove(Activity item)
        {
            lock (_items)
            {
                return _items.Remove(item);
            }
        }

        public IEnumerator<Activity> GetEnumerator() => ((IEnumerable<Activity>)Snapshot()).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
