using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Messaging;

namespace OneDay.Api.Hosting;

/// <summary>
/// Orleans' static gateway list, but with DNS names resolved again at every refresh, so one name (a
/// Kubernetes headless Service, a compose service) follows silos as they come, go and change address.
/// </summary>
public sealed partial class DnsGatewayListProvider(
    GatewayEndpoints endpoints, IOptions<GatewayOptions> gatewayOptions, ILogger<DnsGatewayListProvider> logger) : IGatewayListProvider
{
    public TimeSpan MaxStaleness => gatewayOptions.Value.GatewayListRefreshPeriod;

    [Obsolete("Orleans treats every provider as updatable.")]
    public bool IsUpdatable => true;

    public Task InitializeGatewayListProvider() => Task.CompletedTask;

    public async Task<IList<Uri>> GetGateways()
    {
        var gateways = new List<Uri>();
        foreach (var (host, port) in endpoints.Endpoints)
        {
            foreach (var address in await ResolveAsync(host))
            {
                gateways.Add(SiloAddress.New(new IPEndPoint(address, port), 0).ToGatewayUri());
            }
        }

        return gateways.Distinct().ToList();
    }

    private async Task<IPAddress[]> ResolveAsync(string host)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return [literal];
        }

        try
        {
            return await Dns.GetHostAddressesAsync(host);
        }
        catch (SocketException ex)
        {
            // The other entries may still resolve; with none, Orleans reports that it has no gateway.
            LogUnresolved(logger, host, ex.SocketErrorCode);
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "OneDay:Gateways host {Host} does not resolve ({Error}); skipped until the next refresh.")]
    private static partial void LogUnresolved(ILogger logger, string host, SocketError error);
}
