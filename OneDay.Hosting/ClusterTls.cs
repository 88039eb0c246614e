using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace OneDay.Hosting;

/// <summary>Mutual TLS for silos and gateways (Microsoft.Orleans.Connections.Security), from <see cref="ClusterTlsOptions"/>.</summary>
public static class ClusterTls
{
    public static bool AppliesTo(OneDayOptions options) => options.Mode == HostingMode.Cluster && options.Tls.Enabled;

    /// <summary>Silo-to-silo connections both ways, and the gateway endpoint clients connect to.</summary>
    public static ISiloBuilder UseOneDayTls(this ISiloBuilder silo, ClusterTlsOptions options)
    {
        var (certificate, authorities) = Load(options);
        return silo.UseTls(certificate, tls => RequirePeersIssuedBy(tls, authorities));
    }

    public static IClientBuilder UseOneDayTls(this IClientBuilder client, ClusterTlsOptions options)
    {
        var (certificate, authorities) = Load(options);
        return client.UseTls(certificate, tls => RequirePeersIssuedBy(tls, authorities));
    }

    private static void RequirePeersIssuedBy(TlsOptions tls, X509Certificate2Collection authorities)
    {
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.RemoteCertificateValidation = (certificate, presented, _) => IsIssuedBy(certificate, presented, authorities);
    }

    /// <summary>
    /// The chain to one of <paramref name="authorities"/> decides alone. The platform's policy errors are
    /// ignored on purpose: silos are dialled by IP, so names never match, and the cluster's CA is in no system store.
    /// </summary>
    public static bool IsIssuedBy(X509Certificate2 certificate, X509Chain? presented, X509Certificate2Collection authorities)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(certificate);
    }

    // Checked here rather than with the rest of the configuration: `OneDay.Silo migrate` opens no cluster connection.
    private static (X509Certificate2 Certificate, X509Certificate2Collection Authorities) Load(ClusterTlsOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.CertificatePath) || string.IsNullOrWhiteSpace(options.CaCertificatePath))
        {
            throw new OneDayConfigurationException(
                "Cluster mode encrypts and authenticates silo and gateway traffic with mutual TLS: set OneDay:Tls:CertificatePath " +
                "(PEM, with OneDay:Tls:KeyPath) and OneDay:Tls:CaCertificatePath, e.g. to files made by `OneDay.Silo secrets DIR`, " +
                "or OneDay:Tls:Enabled=false on a network nothing else can reach.");
        }

        var authorities = new X509Certificate2Collection();
        X509Certificate2 certificate;
        try
        {
            authorities.ImportFromPemFile(options.CaCertificatePath!);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new OneDayConfigurationException($"OneDay:Tls:CaCertificatePath {options.CaCertificatePath} cannot be loaded: {ex.Message}");
        }

        try
        {
            certificate = X509Certificate2.CreateFromPemFile(options.CertificatePath!, string.IsNullOrWhiteSpace(options.KeyPath) ? null : options.KeyPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            throw new OneDayConfigurationException(
                $"OneDay:Tls:CertificatePath {options.CertificatePath} (key: {options.KeyPath ?? "in the same file"}) cannot be loaded: {ex.Message}");
        }

        if (authorities.Count == 0)
        {
            throw new OneDayConfigurationException($"OneDay:Tls:CaCertificatePath {options.CaCertificatePath} holds no certificate.");
        }

        // Caught here, the mistake names its files; at the first connection it would only read "handshake failed".
        return IsIssuedBy(certificate, null, authorities)
            ? (certificate, authorities)
            : throw new OneDayConfigurationException(
                $"OneDay:Tls:CertificatePath {options.CertificatePath} is not valid now or not issued by the CA in " +
                $"OneDay:Tls:CaCertificatePath {options.CaCertificatePath}.");
    }
}
