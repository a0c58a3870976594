using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AuthKit.Tests.TestSupport;

/// <summary>
/// A self-signed server certificate made in the test, so that a loopback server can answer over TLS:
/// for 127.0.0.1 and localhost, and for any host name a client is pointed at through a resolver mapping
/// (e.g. https://authkit.picaos.com in Chromium, with --ignore-certificate-errors). Shared by the test
/// projects: linked into each.
/// </summary>
internal static class TestCertificate
{
    /// <param name="hostNames">Host names the certificate is valid for besides 127.0.0.1 and localhost; the first is its subject.</param>
    public static X509Certificate2 Create(params string[] hostNames)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var subject = hostNames.Length > 0 ? hostNames[0] : "127.0.0.1";
        var request = new CertificateRequest($"CN={subject}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        foreach (var hostName in hostNames)
        {
            names.AddDnsName(hostName);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));

        // Re-imported from PFX so that Kestrel's TLS stack (on Linux too) gets a certificate whose private key it can use.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), password: null);
    }

    /// <summary>Makes <paramref name="handler"/> trust <paramref name="certificate"/>, and nothing else the system does not.</summary>
    public static void Trust(SocketsHttpHandler handler, X509Certificate2 certificate) =>
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, errors) =>
            errors == SslPolicyErrors.None ||
            (presented is not null && presented.GetCertHashString() == certificate.GetCertHashString());
}
