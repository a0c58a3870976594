using System.Globalization;

namespace AuthKit;

/// <summary>Names a request to Pica for a log line: <c>page 3</c>, <c>the white-label flag</c>.</summary>
internal static class PicaRequestName
{
    /// <summary>
    /// What a message or log line says a request was: the operation and the method and path, never the
    /// query (a Vault listing carries the identity, connection keys and tags there; a passthrough call the
    /// caller's own values). The one place a request's URL is turned into text for a message.
    /// </summary>
    public static string Described(HttpRequestMessage? request)
    {
        var name = Of(request);
        if (request?.RequestUri is not { IsAbsoluteUri: true } uri)
        {
            return name;
        }

        var target = $"{request.Method} {uri.AbsolutePath}";
        return name == target ? target : $"{name} ({target})";
    }

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
        // The SDK's own query: limit=…&page=N. Only the parameter itself, never a value that ends in "page".
        var query = uri.Query.AsSpan();
        var at = query.IndexOf("&page=", StringComparison.Ordinal);
        if (at < 0 && query.StartsWith("?page=", StringComparison.Ordinal))
        {
            at = 0;
        }

        if (at >= 0)
        {
            var digits = query[(at + "&page=".Length)..];
            var end = digits.IndexOfAnyExceptInRange('0', '9');
            if (int.TryParse(end < 0 ? digits : digits[..end], NumberStyles.None, CultureInfo.InvariantCulture, out var page))
            {
                return string.Create(CultureInfo.InvariantCulture, $"{prefix}{page}");
            }
        }

        return unnumbered;
    }
}
