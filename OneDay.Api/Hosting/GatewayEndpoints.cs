using System.Globalization;
using OneDay.Hosting;

namespace OneDay.Api.Hosting;

/// <summary>The silo gateway endpoints a cluster-mode gateway connects to (<c>OneDay:Gateways</c>).</summary>
public sealed class GatewayEndpoints(IReadOnlyList<(string Host, int Port)> endpoints)
{
    public IReadOnlyList<(string Host, int Port)> Endpoints { get; } = endpoints;

    public int Count => Endpoints.Count;

    /// <summary>Comma-separated <c>host:port</c> entries; a host is an IP address or a DNS name.</summary>
    public static GatewayEndpoints Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new GatewayEndpoints([]);
        }

        return new GatewayEndpoints(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(ParseOne)
            .ToArray());
    }

    private static (string Host, int Port) ParseOne(string entry)
    {
        var colon = entry.LastIndexOf(':');
        var host = colon > 0 ? entry[..colon].Trim('[', ']') : "";
        return colon > 0
            && host.Length > 0
            && Uri.CheckHostName(host) != UriHostNameType.Unknown
            && int.TryParse(entry[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            && port is > 0 and <= 65535
            ? (host, port)
            : throw new OneDayConfigurationException($"OneDay:Gateways entry '{entry}' is not a host:port endpoint.");
    }
}
