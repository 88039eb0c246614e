using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace ChatBench;

/// <summary>What a client receives as "message": the fields both hubs send that the measurement reads.</summary>
internal sealed record Delivered(Guid ConversationId, long Sequence, string ClientMessageId);

/// <summary>
/// Two connected clients per conversation against one server (the app's /hubs/chat or the bare hub), the same code
/// for both: each send is timed from when it was due to when each participant's client received it.
/// </summary>
internal sealed class ChatClients : IAsyncDisposable
{
    private const int ConnectParallelism = 32;

    // Every message text is this long: a short chat line.
    private static readonly string Padding = new('x', 80);

    private readonly Conversation[] _conversations;
    private readonly HubConnection[][] _connections;
    private readonly ConcurrentDictionary<string, long> _dueAt = new(StringComparer.Ordinal);
    private readonly LongHistogram _latency = new(TimeSpan.TicksPerMinute, 3);
    private readonly Lock _gate = new();
    private long _deliveries;
    private long _errors;
    private long _sent;
    private volatile bool _recording;

    private ChatClients(Conversation[] conversations, HubConnection[][] connections)
    {
        _conversations = conversations;
        _connections = connections;
    }

    /// <summary>Connects both participants of every conversation, WebSockets only, as browsers do.</summary>
    public static async Task<ChatClients> ConnectAsync(Conversation[] conversations, Func<Conversation, Participant, Uri> address)
    {
        var connections = new HubConnection[conversations.Length][];
        var clients = new ChatClients(conversations, connections);
        await Parallel.ForAsync(0, conversations.Length, new ParallelOptions { MaxDegreeOfParallelism = ConnectParallelism }, async (i, ct) =>
        {
            var c = conversations[i];
            connections[i] = [await clients.ConnectOneAsync(address(c, c.First), c.First.Token, ct), await clients.ConnectOneAsync(address(c, c.Second), c.Second.Token, ct)];
        });
        return clients;
    }

    public int Clients => _connections.Length * 2;

    /// <summary>
    /// As fast as the server answers: each conversation keeps one send outstanding, its participants taking turns,
    /// for DURATION. The throughput figure is deliveries per second over that window.
    /// </summary>
    public async Task<Sample> SaturateAsync(TimeSpan duration)
    {
        Reset();
        var clock = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, _conversations.Length).Select(async i =>
        {
            for (var turn = i % 2; clock.Elapsed < duration; turn++)
            {
                await SendAsync(i, turn % 2, Stopwatch.GetTimestamp());
            }
        }).ToList();
        await Task.WhenAll(loops);
        return Take(clock.Elapsed);
    }

    /// <summary>
    /// An open loop: RATE messages per second for DURATION, spread round-robin over the conversations, each sent when
    /// due whether or not earlier ones were answered, and timed from when it was due (no coordinated omission).
    /// </summary>
    public async Task<Sample> SteadyAsync(double rate, TimeSpan duration)
    {
        Reset();
        var inFlight = new List<Task>();
        var started = Stopwatch.GetTimestamp();
        var ticksPerMessage = Stopwatch.Frequency / rate;
        long issued = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var now = Stopwatch.GetTimestamp();
            for (; started + (long)(issued * ticksPerMessage) <= now; issued++)
            {
                var conversation = (int)(issued % _conversations.Length);
                var turn = (int)(issued / _conversations.Length % 2);
                inFlight.Add(SendAsync(conversation, turn, started + (long)(issued * ticksPerMessage)));
            }

            await Task.Delay(1);
        }

        var elapsed = clock.Elapsed;
        await Task.WhenAll(inFlight);

        // Deliveries still on their way to the other participant.
        await Task.Delay(TimeSpan.FromSeconds(2));
        return Take(elapsed);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _connections.SelectMany(c => c))
        {
            await connection.DisposeAsync();
        }
    }

    private async Task<HubConnection> ConnectOneAsync(Uri url, string token, CancellationToken ct)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(url, options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.AccessTokenProvider = () => Task.FromResult<string?>(token);
            })
            .Build();
        connection.On<Delivered>("message", Received);
        await connection.StartAsync(ct);
        return connection;
    }

    private async Task SendAsync(int conversation, int participant, long dueAt)
    {
        var clientMessageId = Guid.NewGuid().ToString("N");
        _dueAt[clientMessageId] = dueAt;
        Interlocked.Increment(ref _sent);
        try
        {
            await _connections[conversation][participant].InvokeAsync<Delivered>("SendMessage", _conversations[conversation].Id, clientMessageId, Padding);
        }
        catch (Exception ex) when (ex is Microsoft.AspNetCore.SignalR.HubException or InvalidOperationException or IOException)
        {
            if (Interlocked.Increment(ref _errors) <= 3)
            {
                Console.Error.WriteLine("   send failed: " + ex.Message);
            }
        }
    }

    private void Received(Delivered message)
    {
        var now = Stopwatch.GetTimestamp();
        if (!_recording || !_dueAt.TryGetValue(message.ClientMessageId, out var dueAt))
        {
            return;
        }

        Interlocked.Increment(ref _deliveries);
        var micros = (now - dueAt) * 1_000_000 / Stopwatch.Frequency;
        lock (_gate)
        {
            _latency.RecordValue(Math.Max(micros, 1));
        }
    }

    private void Reset()
    {
        lock (_gate)
        {
            _latency.Reset();
        }

        _dueAt.Clear();
        Interlocked.Exchange(ref _deliveries, 0);
        Interlocked.Exchange(ref _errors, 0);
        Interlocked.Exchange(ref _sent, 0);
        _recording = true;
    }

    private Sample Take(TimeSpan elapsed)
    {
        _recording = false;
        lock (_gate)
        {
            return new Sample(
                Interlocked.Read(ref _sent), Interlocked.Read(ref _deliveries), Interlocked.Read(ref _errors), elapsed,
                Ms(_latency.GetValueAtPercentile(50)), Ms(_latency.GetValueAtPercentile(99)), Ms(_latency.GetMaxValue()));
        }
    }

    private static double Ms(long micros) => micros / 1000.0;
}

/// <summary>One measured window: messages sent, deliveries received (two per message: both participants), and latency in ms.</summary>
internal sealed record Sample(long Sent, long Deliveries, long Errors, TimeSpan Elapsed, double P50Ms, double P99Ms, double MaxMs)
{
    public double DeliveriesPerSecond => Deliveries / Elapsed.TotalSeconds;

    public double MessagesPerSecond => Sent / Elapsed.TotalSeconds;
}
