using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OneDay.Hosting;

/// <summary>
/// A private CA and the certificate it issues to the nodes of a cluster, for deployments that have no PKI of
/// their own (compose, scripts/cluster.sh) and for tests. A production cluster takes its certificates from
/// its own CA (e.g. cert-manager) instead.
/// </summary>
public static class ClusterCertificates
{
    private static readonly Oid ServerAuthentication = new("1.3.6.1.5.5.7.3.1");
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    public static X509Certificate2 CreateAuthority(string name, TimeSpan lifetime)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={name}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = RealNow();
        // Backdated a little, so a node whose clock runs behind does not see it as not yet valid.
        return request.CreateSelfSigned(now.AddHours(-1), now + lifetime);
    }

    /// <summary>One certificate for both sides of a connection: every node dials out and accepts connections.</summary>
    public static X509Certificate2 IssueNode(X509Certificate2 authority, string name, TimeSpan lifetime)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName($"CN={name}"), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([ServerAuthentication, ClientAuthentication], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(name);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(authority, true, false));
        var now = RealNow();
        var notAfter = now + lifetime < authority.NotAfter ? now + lifetime : new DateTimeOffset(authority.NotAfter.ToUniversalTime());
        using var issued = request.Create(authority, now.AddHours(-1), notAfter, RandomNumberGenerator.GetBytes(16));
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>The files <see cref="ClusterTlsOptions"/> reads: CA certificate, node certificate, node key (PEM).</summary>
    public static void WritePem(X509Certificate2 authority, X509Certificate2 node, string caPath, string certificatePath, string keyPath)
    {
        using var key = node.GetECDsaPrivateKey() ?? throw new ArgumentException("The node certificate has no ECDSA private key.", nameof(node));
        ClusterSecrets.WriteSecret(keyPath, key.ExportPkcs8PrivateKeyPem());
        ClusterSecrets.WriteSecret(certificatePath, node.ExportCertificatePem());
        ClusterSecrets.WriteSecret(caPath, authority.ExportCertificatePem());
    }

    // Real time even under a test's clock: peers check a certificate's validity against their own clocks.
#pragma warning disable RS0030 // A certificate's validity is not the process's notion of time.
    private static DateTimeOffset RealNow() => TimeProvider.System.GetUtcNow();
#pragma warning restore RS0030
}
