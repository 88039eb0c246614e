using OneDay.Hosting;

namespace OneDay.Api.Hosting;

/// <summary>
/// The key of the "OneDay" section only a gateway reads; what silos and gateways share is
/// <see cref="OneDayOptions"/>, and the gateway's own subsections (Security, ForwardedHeaders, ReadCache,
/// Health) are bound by the code that uses each. Named Settings, not Options, beside Orleans' GatewayOptions.
/// </summary>
public sealed class GatewaySettings
{
    /// <summary>
    /// For a gateway in cluster mode: comma-separated silo gateway endpoints (host:port), where a DNS name
    /// stands for every address it resolves to (see <see cref="DnsGatewayListProvider"/>).
    /// </summary>
    public string? Gateways { get; set; }

    public static GatewaySettings Read(IConfiguration configuration) =>
        OneDayConfiguration.Read<GatewaySettings>(configuration, OneDayConfiguration.SectionName);
}
