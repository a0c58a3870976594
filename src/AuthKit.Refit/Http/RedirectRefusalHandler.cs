using Microsoft.Extensions.Logging;

namespace AuthKit;

/// <summary>
/// Refuses any answer that is not Pica's own. A redirect is never followed (the primary handler has
/// <c>AllowAutoRedirect</c> off): following it would send the request, <c>X-Pica-Secret</c> included, to
/// wherever the <c>Location</c> points, and use that server's answer as the token. A 3xx is therefore an
/// <see cref="AuthKitApiException"/> naming the status and the Location's host, never retried. Where a
/// primary handler swapped in through <c>AddAuthKit</c>'s builder follows redirects anyway, an answer
/// whose final request URI is not on <see cref="AuthKitOptions.BaseUrl"/>'s scheme, host and port is
/// refused too: the key has left by then, but the other server's answer is never used as a token.
/// </summary>
internal sealed class RedirectRefusalHandler(ValidatedOptions options, ILogger logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var asked = PicaRequestName.Described(request);
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        var baseUrl = options.Current.BaseUrl;

        // SocketsHttpHandler rewrites the request's URI as it follows redirects: this is where the answer came from.
        var answeredBy = response.RequestMessage?.RequestUri ?? request.RequestUri;
        Exception? refusal = null;
        // A 304 answers a conditional GET (If-None-Match on an action's knowledge): it sends nobody anywhere.
        if (status is >= 300 and <= 399 and not 304)
        {
            var message = options.Redactor.Clean(
                $"Pica answered {asked} with HTTP {status} ({response.StatusCode}), a redirect to {Location(response, baseUrl)}; " +
                "AuthKit never follows redirects (the secret key would go with the request), so the answer was refused.");
            AuthKitLog.AnswerRefused(logger, message);
            refusal = new AuthKitApiException(message, response.StatusCode, responseBody: null);
        }
        else if (!SameOrigin.As(answeredBy, baseUrl))
        {
            var message = options.Redactor.Clean(
                $"The answer to {asked} came from {(answeredBy is { IsAbsoluteUri: true } uri ? SameOrigin.Describe(uri) : "an unknown address")}, " +
                $"not from AuthKitOptions.BaseUrl ({SameOrigin.Describe(baseUrl)}): the primary handler followed a redirect. " +
                "The answer was refused; keep AllowAutoRedirect off on a primary handler you configure.");
            AuthKitLog.AnswerRefused(logger, message);
            refusal = new AuthKitException(message);
        }

        if (refusal is not null)
        {
            // Unread: the body of an answer that is refused anyway is not downloaded.
            response.Dispose();
            throw refusal;
        }

        return response;
    }

    private static string Location(HttpResponseMessage response, Uri baseUrl) => response.Headers.Location switch
    {
        null => "no readable Location",
        { IsAbsoluteUri: true } absolute => SameOrigin.Describe(absolute),
        _ => $"{SameOrigin.Describe(baseUrl)} (a relative Location)",
    };
}
