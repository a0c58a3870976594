using System.Net.Http.Headers;

namespace AuthKit.Benchmarks;

/// <summary>
/// Sends everything to the emulator over loopback except a passthrough request already answered once: that
/// one it reads as a socket would and answers from the recorded bytes, in memory. In steady state an
/// execution is one passthrough request, so what is timed and counted in bytes is then the client alone
/// (the in-process emulator's own work and allocations are not).
/// </summary>
internal sealed class ReplayedPassthroughHandler() : DelegatingHandler(new SocketsHttpHandler())
{
    private (byte[] Body, MediaTypeHeaderValue? Type, System.Net.HttpStatusCode Status)? _answer;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.RequestUri!.AbsolutePath.StartsWith("/v1/passthrough/", StringComparison.Ordinal))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        if (_answer is not { } answer)
        {
            using var first = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            answer = (await first.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false), first.Content.Headers.ContentType, first.StatusCode);
            _answer = answer;
        }
        else if (request.Content is { } content)
        {
            await content.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }

        var body = new ByteArrayContent(answer.Body);
        body.Headers.ContentType = answer.Type;
        return new HttpResponseMessage(answer.Status) { Content = body, RequestMessage = request };
    }
}
