using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OneDay.Api.Http;
using OneDay.Tests.Fixtures;

namespace OneDay.Tests.Telemetry;

/// <summary>Logs lead to traces: with traces on, a request's log line carries its trace id in its scope.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class TraceLogTests
{
    [Fact]
    public async Task A_request_logs_its_line_in_the_scope_of_its_trace()
    {
        var logs = new ScopeCapture();
        await using var gateway = await GatewayHost.StartEmbeddedAsync(
            new Dictionary<string, string?>
            {
                ["OneDay:Telemetry:Traces"] = "true",
                ["Logging:LogLevel:OneDay.Api.Http"] = "Information",
            },
            services: s => s.AddSingleton<ILoggerProvider>(logs));

        var response = await gateway.Client.GetAsync("/health/live");

        var traceId = response.Headers.GetValues(CorrelationIdMiddleware.HeaderName).Single();
        var line = await Retry.UntilAsync(
            () => Task.FromResult(logs.Lines.FirstOrDefault(l => l.Message.Contains("/health/live", StringComparison.Ordinal))),
            l => l is not null,
            TimeSpan.FromSeconds(10));
        Assert.NotNull(line);
        Assert.Equal(traceId, line.Scope.GetValueOrDefault("TraceId"));
        Assert.Equal(traceId, line.Scope.GetValueOrDefault("CorrelationId"));
        Assert.True(ActivitySpanId.CreateFromString(line.Scope["SpanId"]) != default);
    }

    private sealed record Line(string Message, IReadOnlyDictionary<string, string> Scope);

    /// <summary>Keeps each log line with the key/value pairs of every scope around it, as a JSON console would write them.</summary>
    private sealed class ScopeCapture : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

        public ConcurrentQueue<Line> Lines { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Logger(ScopeCapture capture) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => capture._scopes.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var scope = new Dictionary<string, string>(StringComparer.Ordinal);
                capture._scopes.ForEachScope(
                    (value, pairs) =>
                    {
                        if (value is IEnumerable<KeyValuePair<string, object?>> values)
                        {
                            foreach (var (key, item) in values)
                            {
                                pairs[key] = item?.ToString() ?? "";
                            }
                        }
                    },
                    scope);
                capture.Lines.Enqueue(new Line(formatter(state, exception), scope));
            }
        }
    }
}
