namespace OneDay.Testing.Load;

/// <summary>
/// The gateways the workload sends to, in turn, as a load balancer would: one taken out (killed, or being restarted)
/// gets no new requests until it is put back.
/// </summary>
public sealed class GatewayPool(IReadOnlyList<Uri> gateways, TimeSpan requestTimeout)
{
    private readonly HttpClient[] _clients = [.. gateways.Select(g => new HttpClient(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        MaxConnectionsPerServer = 512,
    })
    { BaseAddress = g, Timeout = requestTimeout })];

    private readonly bool[] _down = new bool[gateways.Count];
    private long _turn;

    public int Count => _clients.Length;

    /// <summary>The next gateway in turn that is in the pool (the first one if none is).</summary>
    public HttpClient Next()
    {
        for (var i = 0; i < _clients.Length; i++)
        {
            var index = (int)(Interlocked.Increment(ref _turn) % _clients.Length);
            if (!Volatile.Read(ref _down[index]))
            {
                return _clients[index];
            }
        }

        return _clients[0];
    }

    public void TakeOut(int gateway) => Volatile.Write(ref _down[gateway], true);

    public void PutBack(int gateway) => Volatile.Write(ref _down[gateway], false);
}
