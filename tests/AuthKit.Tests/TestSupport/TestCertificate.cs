using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AuthKit.Tests.TestSupport;

/// <summary>A self-signed server certificate for 127.0.0.1, made in the test; clients trust exactly it.</summary>
internal static class TestCertificate
{
    public static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));

        // Re-imported from PFX so that Kestrel's TLS stack gets a certificate whose private key it can use.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), password: null);
    }

    /// <summary>Makes <paramref name="handler"/> trust <paramref name="certificate"/>, and nothing else the system does not.</summary>
    public static void Trust(SocketsHttpHandler handler, X509Certificate2 certificate) =>
        handler.SslOptions.RemoteCertificateValidationCallback = (_, presented, _, errors) =>
            errors == System.Net.Security.SslPolicyErrors.None ||
            (presented is not null && presented.GetCertHashString() == certificate.GetCertHashString());
}
