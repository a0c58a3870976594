namespace AuthKit;

/// <summary>Scheme, host and port: what decides where a request, and the key in it, really goes.</summary>
internal static class SameOrigin
{
    public static bool As(Uri? uri, Uri baseUrl) =>
        uri is { IsAbsoluteUri: true }
        && Uri.Compare(uri, baseUrl, UriComponents.SchemeAndServer, UriFormat.SafeUnescaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>host:port of an absolute URI, never its user information.</summary>
    public static string Describe(Uri uri) => uri.IsDefaultPort ? uri.IdnHost : $"{uri.IdnHost}:{uri.Port}";
}
