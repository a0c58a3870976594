namespace AuthKit;

/// <summary>
/// Puts the current secret key on each request as it leaves, and only on a request to
/// <see cref="AuthKitOptions.BaseUrl"/>, in the platform's header (<see cref="AuthKitPlatformDialect.SecretHeader"/>):
/// read per request from the validated options, so a rotated key is sent from the next request on (a retry
/// included) without rebuilding the client. A token page leaves on the platform's path
/// (<see cref="AuthKitPlatformDialect.TokenPath"/>): the Refit interface names Pica's. The header is
/// taken off again once the answer is in, so the request that Refit's exceptions and the answer carry
/// no longer holds it.
/// </summary>
internal sealed class SecretKeyHandler(ValidatedOptions options) : DelegatingHandler
{
    private const string CanonicalTokenPath = "/v1/authkit";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var current = options.Current;
        if (!SameOrigin.As(request.RequestUri, current.BaseUrl))
        {
            throw new AuthKitException(options.Redactor.Clean(
                $"A request to {(request.RequestUri is { IsAbsoluteUri: true } uri ? SameOrigin.Describe(uri) : "a relative address")} was stopped: " +
                $"the secret key is sent only to AuthKitOptions.BaseUrl ({SameOrigin.Describe(current.BaseUrl)})."));
        }

        var dialect = current.PlatformDialect();
        OnTokenPath(request, dialect);

        // Neither platform's header may stay on a request: one set by hand would name the wrong platform.
        RemoveSecretHeaders(request);

        // The key was validated as visible ASCII, so skipping HttpHeaders' parser cannot inject a header;
        // the parser's own error message would quote the value.
        request.Headers.TryAddWithoutValidation(dialect.SecretHeader, current.SecretKey);
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            request.Headers.Remove(dialect.SecretHeader);
        }
    }

    /// <summary>Takes every platform's secret header off <paramref name="request"/>.</summary>
    public static void RemoveSecretHeaders(HttpRequestMessage request)
    {
        foreach (var each in AuthKitPlatformDialect.All)
        {
            request.Headers.Remove(each.SecretHeader);
        }
    }

    // Idempotent: a retry of the same message finds the platform's path already there.
    private static void OnTokenPath(HttpRequestMessage request, AuthKitPlatformDialect dialect)
    {
        if (dialect.TokenPath == CanonicalTokenPath || request.RequestUri is not { IsAbsoluteUri: true } uri ||
            !uri.AbsolutePath.EndsWith(CanonicalTokenPath, StringComparison.Ordinal))
        {
            return;
        }

        var builder = new UriBuilder(uri) { Path = uri.AbsolutePath[..^CanonicalTokenPath.Length] + dialect.TokenPath };
        request.RequestUri = builder.Uri;
    }
}
