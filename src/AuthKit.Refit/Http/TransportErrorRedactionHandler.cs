namespace AuthKit;

/// <summary>
/// Cleans what the primary handler throws before anything above it sees it: HttpClient's messages
/// quote what the server or a proxy sent (an invalid header line echoing <c>X-Pica-Secret</c>, a
/// proxy's URL with its password), and the retry layer's own logs, the attempt spans and the
/// exceptions a caller gets would all carry that text on. Sits right above the primary handler.
/// </summary>
internal sealed class TransportErrorRedactionHandler(Redactor redactor) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            // A copy of the same type (HttpRequestException keeps its HttpRequestError, so it is still
            // retried), or the exception itself when nothing in it needed cleaning.
            var clean = redactor.Clean(ex)!;
            if (ReferenceEquals(clean, ex))
            {
                throw;
            }

            throw clean;
        }
    }
}
