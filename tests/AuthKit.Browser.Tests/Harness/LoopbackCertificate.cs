using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AuthKit.Browser.Tests.Harness;

/// <summary>
/// A self-signed server certificate made in the test, so that a loopback server can answer as a real
/// HTTPS origin (e.g. https://authkit.picaos.com, with Chromium's host-resolver mapping and --ignore-certificate-errors).
/// </summary>
internal static class LoopbackCertificate
{
    public static X509Certificate2 Create(string hostName)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={hostName}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(hostName);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, critical: false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));

        // Re-imported from PFX so that Kestrel's TLS stack gets a certificate whose private key it can use.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), password: null);
    }
}
