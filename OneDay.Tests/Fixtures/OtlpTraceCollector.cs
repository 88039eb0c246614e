using System.Collections.Concurrent;
using System.Net;
using Google.Protobuf;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OneDay.Testing;

namespace OneDay.Tests.Fixtures;

/// <summary>One span as an OTLP exporter sent it; ids in lower-case hex, the parent empty for a root span.</summary>
public sealed record ExportedSpan(string Service, string Scope, string TraceId, string SpanId, string ParentSpanId, string Name);

/// <summary>
/// The receiving end of an OpenTelemetry collector for traces, over OTLP/gRPC (what the exporter speaks by
/// default): a loopback HTTP/2 listener that decodes each export request with Google.Protobuf's wire reader, so a
/// test sees what processes really sent, across processes.
/// </summary>
public sealed class OtlpTraceCollector : IAsyncDisposable
{
    private const string ExportPath = "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ExportedSpan> _spans = new();

    private OtlpTraceCollector(int port)
    {
        Endpoint = $"http://127.0.0.1:{port}";
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http2));
        _app = builder.Build();
        _app.MapPost(ExportPath, ExportAsync);
    }

    /// <summary>What to give OneDay:Telemetry:OtlpEndpoint.</summary>
    public string Endpoint { get; }

    public IReadOnlyList<ExportedSpan> Spans => [.. _spans];

    public static async Task<OtlpTraceCollector> StartAsync()
    {
        var collector = new OtlpTraceCollector(FreePort.Next());
        await collector._app.StartAsync();
        return collector;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task ExportAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body);
        // A gRPC message: a compression flag, a four-byte length, then the ExportTraceServiceRequest.
        var message = body.ToArray().AsSpan(5).ToArray();
        foreach (var span in Decode(message))
        {
            _spans.Enqueue(span);
        }

        context.Response.ContentType = "application/grpc";
        // An empty ExportTraceServiceResponse, and the status in the trailers.
        await context.Response.Body.WriteAsync(new byte[5]);
        context.Response.AppendTrailer("grpc-status", "0");
    }

    // Field numbers from opentelemetry/proto/collector/trace/v1 and trace/v1: request.resource_spans = 1;
    // ResourceSpans.resource = 1, .scope_spans = 2; Resource.attributes = 1; ScopeSpans.scope = 1, .spans = 2;
    // InstrumentationScope.name = 1; Span.trace_id = 1, .span_id = 2, .parent_span_id = 4, .name = 5.
    private static IEnumerable<ExportedSpan> Decode(byte[] request)
    {
        foreach (var resourceSpans in Messages(request, 1))
        {
            var service = Messages(resourceSpans, 1).SelectMany(resource => Messages(resource, 1))
                .Select(Attribute).FirstOrDefault(a => a.Key == "service.name").Value ?? "";
            foreach (var scopeSpans in Messages(resourceSpans, 2))
            {
                var scope = Messages(scopeSpans, 1).Select(s => Strings(s, 1).FirstOrDefault()).FirstOrDefault() ?? "";
                foreach (var span in Messages(scopeSpans, 2))
                {
                    yield return new ExportedSpan(service, scope, Hex(span, 1), Hex(span, 2), Hex(span, 4), Strings(span, 5).FirstOrDefault() ?? "");
                }
            }
        }
    }

    /// <summary>A KeyValue's key and its AnyValue's string_value (field 1 of each).</summary>
    private static (string Key, string? Value) Attribute(byte[] keyValue) =>
        (Strings(keyValue, 1).FirstOrDefault() ?? "", Messages(keyValue, 2).Select(v => Strings(v, 1).FirstOrDefault()).FirstOrDefault());

    private static string Hex(byte[] message, int field) =>
        Convert.ToHexStringLower(Messages(message, field).FirstOrDefault() ?? []);

    private static IEnumerable<string> Strings(byte[] message, int field) =>
        Messages(message, field).Select(b => System.Text.Encoding.UTF8.GetString(b));

    /// <summary>The length-delimited values of one field of a message, in order.</summary>
    private static List<byte[]> Messages(byte[] message, int field)
    {
        var values = new List<byte[]>();
        var input = new CodedInputStream(message);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == field && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
            {
                values.Add(input.ReadBytes().ToByteArray());
            }
            else
            {
                input.SkipLastField();
            }
        }

        return values;
    }
}
