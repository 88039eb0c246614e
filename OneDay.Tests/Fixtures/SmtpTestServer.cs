using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.ComponentModel;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace OneDay.Tests.Fixtures;

/// <summary>
/// A real SMTP server in the test process (the SmtpServer package) on a free loopback port. It keeps what it
/// accepts, and refuses mail to the addresses a test tells it to: temporarily (451) a number of times, or for good
/// (550), the way real servers turn mail away.
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Store _store = new();
    private Task? _running;

    public int Port { get; private set; }

    public IReadOnlyCollection<MimeMessage> Received => _store.Messages;

    public static async Task<SmtpTestServer> StartAsync()
    {
        var server = new SmtpTestServer { Port = FreePort() };
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, server.Port)))
            .Build();
        var services = new ServiceProvider();
        services.Add(server._store);
        var smtp = new SmtpServer.SmtpServer(options, services);
        server._running = smtp.StartAsync(server._stop.Token);
        await Task.Delay(100);
        return server;
    }

    /// <summary>Answers 451 ("try again later") to the next <paramref name="times"/> messages for the address.</summary>
    public void RefuseTemporarily(string address, int times) => _store.Refusals[address.ToUpperInvariant()] = times;

    /// <summary>Answers 550 ("no such mailbox") to every message for the address.</summary>
    public void RefuseForGood(string address) => _store.Refusals[address.ToUpperInvariant()] = Store.ForGood;

    public void Accept(string address) => _store.Refusals.TryRemove(address.ToUpperInvariant(), out _);

    /// <summary>The attempts the server turned away for the address so far.</summary>
    public int Refused(string address) => _store.RefusedCount.GetValueOrDefault(address.ToUpperInvariant());

    public IReadOnlyList<MimeMessage> To(string address) =>
        [.. Received.Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)))];

    /// <summary>Waits for a message of the kind (the X-OneDay-Kind header) to the address.</summary>
    public async Task<MimeMessage> WaitFor(string address, string kind, TimeSpan? timeout = null)
    {
        var until = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (DateTime.UtcNow < until)
        {
            if (To(address).FirstOrDefault(m => m.Headers["X-OneDay-Kind"] == kind) is { } message)
            {
                return message;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No {kind} email reached {address}.");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            try
            {
                await _running;
            }
            catch (OperationCanceledException)
            {
            }
        }

        _stop.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed class Store : MessageStore
    {
        public const int ForGood = -1;

        public ConcurrentDictionary<string, int> Refusals { get; } = new();

        public ConcurrentDictionary<string, int> RefusedCount { get; } = new();

        public ConcurrentQueue<MimeMessage> Messages { get; } = new();

        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            foreach (var to in transaction.To.Select(m => $"{m.User}@{m.Host}".ToUpperInvariant()))
            {
                if (!Refusals.TryGetValue(to, out var left) || left == 0)
                {
                    continue;
                }

                RefusedCount.AddOrUpdate(to, 1, (_, n) => n + 1);
                if (left == ForGood)
                {
                    return new SmtpResponse((SmtpReplyCode)550, "No such mailbox");
                }

                Refusals[to] = left - 1;
                return new SmtpResponse((SmtpReplyCode)451, "Try again later");
            }

            using var stream = new MemoryStream(buffer.ToArray());
            Messages.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
