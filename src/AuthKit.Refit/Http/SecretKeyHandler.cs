namespace AuthKit;

/// <summary>
/// Puts the current secret key on each request as it leaves, and only on a request to
/// <see cref="AuthKitOptions.BaseUrl"/>: read per request from the validated options, so a rotated key
/// is sent from the next request on (a retry included) without rebuilding the client. The header is
/// taken off again once the answer is in, so the request that Refit's exceptions and the answer carry
/// no longer holds it.
/// </summary>
internal sealed class SecretKeyHandler(ValidatedOptions options) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var current = options.Current;
        if (!SameOrigin.As(request.RequestUri, current.BaseUrl))
        {
            throw new AuthKitException(options.Redactor.Clean(
                $"A request to {(request.RequestUri is { IsAbsoluteUri: true } uri ? SameOrigin.Describe(uri) : "a relative address")} was stopped: " +
                $"the secret key is sent only to AuthKitOptions.BaseUrl ({SameOrigin.Describe(current.BaseUrl)})."));
        }

        request.Headers.Remove(AuthKitHttp.SecretHeaderName);

        // The key was validated as visible ASCII, so skipping HttpHeaders' parser cannot inject a header;
        // the parser's own error message would quote the value.
        request.Headers.TryAddWithoutValidation(AuthKitHttp.SecretHeaderName, current.SecretKey);
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            request.Headers.Remove(AuthKitHttp.SecretHeaderName);
        }
    }
}
