using System.Globalization;

namespace AuthKit;

/// <summary>
/// Turns a configured origin into the form a browser sends in its <c>Origin</c> header
/// (<c>scheme://host[:port]</c>: lower case, punycode host, no default port, no trailing slash), or
/// says why it is not an origin. The browser's form is what the endpoint compares with, exactly.
/// </summary>
internal static class OriginNormalizer
{
    public static bool TryNormalize(string? value, out string origin, out string? problem)
    {
        origin = string.Empty;
        var trimmed = value?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            problem = "is empty";
            return false;
        }

        if (trimmed.Contains('*', StringComparison.Ordinal))
        {
            problem = "is a wildcard: list each origin exactly (a wildcard would let any site's page ask for your users' tokens)";
            return false;
        }

        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || !trimmed.Contains("://", StringComparison.Ordinal))
        {
            problem = "is not an origin (scheme://host[:port], e.g. https://authkit.picaos.com)";
            return false;
        }

        if (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        {
            problem = $"has the scheme '{uri.Scheme}': only http and https origins can be allowed";
            return false;
        }

        if (uri.UserInfo.Length > 0)
        {
            problem = "has user information (user@): an origin is scheme://host[:port]";
            return false;
        }

        if (uri.AbsolutePath != "/" || trimmed.EndsWith("//", StringComparison.Ordinal))
        {
            problem = "has a path: an origin is scheme://host[:port], without a path";
            return false;
        }

        if (uri.Query.Length > 0 || trimmed.Contains('?', StringComparison.Ordinal))
        {
            problem = "has a query: an origin is scheme://host[:port], without a query";
            return false;
        }

        if (uri.Fragment.Length > 0 || trimmed.Contains('#', StringComparison.Ordinal))
        {
            problem = "has a fragment: an origin is scheme://host[:port], without a fragment";
            return false;
        }

        var host = uri.HostNameType == UriHostNameType.IPv6 ? uri.Host : uri.IdnHost;
        origin = uri.IsDefaultPort
            ? $"{uri.Scheme}://{host.ToLowerInvariant()}"
            : string.Create(CultureInfo.InvariantCulture, $"{uri.Scheme}://{host.ToLowerInvariant()}:{uri.Port}");
        problem = null;
        return true;
    }
}
