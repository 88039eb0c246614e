using System.ComponentModel.DataAnnotations;

namespace OneDay.Silo.Hosting;

/// <summary>The "OneDay:Silo" section: where this silo listens and what it advertises.</summary>
public sealed class SiloEndpointOptions
{
    [Range(1, 65535)]
    public int SiloPort { get; set; } = 11111;

    [Range(1, 65535)]
    public int GatewayPort { get; set; } = 30000;

    /// <summary>The address other silos reach this one on; defaults to loopback when unset.</summary>
    public string? AdvertisedAddress { get; set; }
}
