namespace OneDay.Hosting;

/// <summary>
/// The "OneDay:Tls" section: mutual TLS on every silo-to-silo and gateway-to-silo connection of a cluster.
/// Each process presents its certificate and accepts a peer only if the peer's certificate chains to the
/// cluster's CA, so a pod that merely knows the cluster id can no longer join as a client and call grains.
/// </summary>
public sealed class ClusterTlsOptions
{
    /// <summary>
    /// On by default in cluster mode, which then refuses to start without certificates; false only on a network
    /// that nothing else can reach (tests). Embedded mode has no cluster traffic and ignores it.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>This process's certificate, PEM; its private key in <see cref="KeyPath"/> or in the same file.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of <see cref="CertificatePath"/>, when it is a file of its own.</summary>
    public string? KeyPath { get; set; }

    /// <summary>The PEM certificate(s) of the CA that issues the cluster's certificates: the only issuer peers are accepted from.</summary>
    public string? CaCertificatePath { get; set; }
}
