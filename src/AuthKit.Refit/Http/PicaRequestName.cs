using System.Globalization;

namespace AuthKit;

/// <summary>Names a request to Pica for a log line: <c>page 3</c>, <c>the white-label flag</c>.</summary>
internal static class PicaRequestName
{
    public static string Of(HttpRequestMessage? request)
    {
        if (request?.RequestUri is not { IsAbsoluteUri: true } uri)
        {
            return "a request";
        }

        if (uri.AbsolutePath.EndsWith("/v1/users/flags", StringComparison.Ordinal))
        {
            return "the white-label flag";
        }

        if (uri.AbsolutePath.EndsWith("/v1/vault/connections", StringComparison.Ordinal))
        {
            return Page(uri, "connections page ", "a connections page");
        }

        if (uri.AbsolutePath.Contains("/v1/vault/connections/", StringComparison.Ordinal))
        {
            return $"{request.Method} of a connection";
        }

        if (uri.AbsolutePath.EndsWith("/v1/authkit", StringComparison.Ordinal) || uri.AbsolutePath.EndsWith("/v1/authkit/token", StringComparison.Ordinal))
        {
            return Page(uri, "page ", "a page");
        }

        return $"{request.Method} {uri.AbsolutePath}";
    }

    private static string Page(Uri uri, string prefix, string unnumbered)
    {
        // The SDK's own query: limit=…&page=N.
        var query = uri.Query.AsSpan();
        var at = query.IndexOf("page=", StringComparison.Ordinal);
        if (at >= 0)
        {
            var digits = query[(at + "page=".Length)..];
            var end = digits.IndexOfAnyExceptInRange('0', '9');
            if (int.TryParse(end < 0 ? digits : digits[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var page))
            {
                return string.Create(CultureInfo.InvariantCulture, $"{prefix}{page}");
            }
        }

        return unnumbered;
    }
}
