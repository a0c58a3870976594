using System.Net;
using Microsoft.Extensions.Options;

namespace AuthKit;

/// <summary>
/// What <see cref="AuthKitOptions.BaseUrl"/> must be: the secret key goes to it in a header, so it must
/// be an absolute https URL, or plain http on loopback only (an emulator or a test server on this machine).
/// </summary>
internal static class BaseUrlRules
{
    public static void Validate(Uri? url, ValidateOptionsResultBuilder result)
    {
        const string Property = nameof(AuthKitOptions.BaseUrl);
        if (url is null)
        {
            return; // [Required] reports it
        }

        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            result.AddError("AuthKitOptions.BaseUrl must be an absolute http:// or https:// URL.", Property);
        }
        else if (url.UserInfo.Length > 0)
        {
            // Never quoted: it is a password. Pica authenticates by the secret key alone.
            result.AddError("AuthKitOptions.BaseUrl must not contain user information (user:password@): Pica is authenticated by the secret key alone.", Property);
        }
        else if (url.Scheme == Uri.UriSchemeHttp && !IsLoopback(url))
        {
            result.AddError(
                $"AuthKitOptions.BaseUrl uses plain http:// for '{url.IdnHost}': the secret key would travel in cleartext. " +
                "Use https://; plain http is allowed only for loopback (localhost, 127.0.0.0/8, ::1), for emulators and tests.",
                Property);
        }
    }

    /// <summary>"localhost", 127.0.0.0/8 or ::1: traffic that never leaves the machine.</summary>
    public static bool IsLoopback(Uri url) =>
        IPAddress.TryParse(url.DnsSafeHost, out var address)
            ? IPAddress.IsLoopback(address)
            : string.Equals(url.DnsSafeHost, "localhost", StringComparison.OrdinalIgnoreCase);
}
