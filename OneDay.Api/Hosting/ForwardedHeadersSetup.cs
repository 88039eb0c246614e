using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using OneDay.Hosting;

namespace OneDay.Api.Hosting;

/// <summary>
/// The "OneDay:ForwardedHeaders" section. Behind a load balancer every request arrives from the proxy's
/// address, so per-IP rate limits and the audit log would see one client. Requests from the proxies named
/// here have their X-Forwarded-For (and -Proto) applied; from anywhere else the headers are ignored, since
/// any client can send them. Off while no proxy or network is configured.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string SectionName = "OneDay:ForwardedHeaders";

    /// <summary>Comma-separated proxy addresses, e.g. "10.0.0.7,10.0.0.8".</summary>
    public string? KnownProxies { get; set; }

    /// <summary>Comma-separated proxy networks in CIDR form, e.g. "10.0.0.0/8,fd00::/8".</summary>
    public string? KnownNetworks { get; set; }

    /// <summary>How many proxies, from the last, a request may have passed; each must be known.</summary>
    [Range(1, 10)]
    public int ForwardLimit { get; set; } = 1;
}

public static class ForwardedHeadersSetup
{
    /// <returns>Whether forwarded headers are in use (some proxy or network is configured).</returns>
    public static bool AddOneDayForwardedHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = OneDayConfiguration.Read<ForwardedHeadersSettings>(configuration, ForwardedHeadersSettings.SectionName);
        var proxies = Split(settings.KnownProxies).Select(text => IPAddress.TryParse(text, out var address)
            ? address
            : throw new OneDayConfigurationException($"OneDay:ForwardedHeaders:KnownProxies entry '{text}' is not an IP address.")).ToArray();
        var networks = Split(settings.KnownNetworks).Select(text => System.Net.IPNetwork.TryParse(text, out var network)
            ? network
            : throw new OneDayConfigurationException($"OneDay:ForwardedHeaders:KnownNetworks entry '{text}' is not a CIDR network.")).ToArray();
        if (proxies.Length == 0 && networks.Length == 0)
        {
            return false;
        }

        services.Configure<ForwardedHeadersOptions>(o =>
        {
            // Host is left alone: a forged one would reach absolute links and nothing here needs it.
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = settings.ForwardLimit;
            // The framework trusts loopback by default; only what the operator named is trusted here.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var proxy in proxies)
            {
                o.KnownProxies.Add(proxy);
            }

            foreach (var network in networks)
            {
                o.KnownIPNetworks.Add(network);
            }
        });
        return true;
    }

    private static string[] Split(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
