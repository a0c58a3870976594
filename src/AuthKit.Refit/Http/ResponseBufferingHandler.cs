using System.Text.Unicode;
using Microsoft.Extensions.Logging;

namespace AuthKit;

/// <summary>
/// Reads each answer's body inside the attempt, with a size limit. Inside the retry pipeline a body
/// cut off mid-way becomes a retried transport failure and a stalled body hits the attempt timeout,
/// instead of failing later in deserialization where nothing can retry it.
/// </summary>
internal sealed class ResponseBufferingHandler(long maxResponseBytes, ILogger logger) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            response.Content = await BufferAsync(request, response.Content, response.IsSuccessStatusCode, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private async Task<HttpContent> BufferAsync(HttpRequestMessage request, HttpContent content, bool success, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        if (declared > maxResponseBytes)
        {
            throw TooLarge(request, $"declares {declared} bytes");
        }

        byte[] buffer;
        int length;
        try
        {
            using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            (buffer, length) = await ReadAllAsync(request, stream, declared, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "Pica's answer was cut off before its end.", ex);
        }

        // System.Text.Json keeps the raw bytes of fields it does not know, unchecked: invalid UTF-8
        // there would reach the frontend. A JSON answer must be UTF-8 (RFC 8259), so it is refused here.
        if (success && !Utf8.IsValid(buffer.AsSpan(0, length)))
        {
            throw Refused(request, "is not valid UTF-8 text");
        }

        var buffered = new ByteArrayContent(buffer, 0, length);
        foreach (var header in content.Headers)
        {
            buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        content.Dispose();
        return buffered;
    }

    private async Task<(byte[] Buffer, int Length)> ReadAllAsync(HttpRequestMessage request, Stream stream, long? declared, CancellationToken cancellationToken)
    {
        // With a Content-Length (the usual case) the body is read straight into an array of its size.
        // Without one, the first buffer must not exceed the limit: the limit is only checked when it is full.
        var buffer = new byte[declared is > 0 and var n ? (int)n : (int)Math.Min(16 * 1024, maxResponseBytes)];
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                if (length >= maxResponseBytes)
                {
                    // One byte more than allowed proves the answer is too large.
                    var probe = new byte[1];
                    if (await stream.ReadAsync(probe, cancellationToken).ConfigureAwait(false) == 0)
                    {
                        return (buffer, length);
                    }

                    throw TooLarge(request, $"is longer than {maxResponseBytes} bytes");
                }

                Array.Resize(ref buffer, (int)Math.Min(maxResponseBytes, (long)buffer.Length * 2));
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return (buffer, length);
            }

            length += read;
        }
    }

    private AuthKitException TooLarge(HttpRequestMessage request, string what) =>
        Refused(request, $"{what}, over the {maxResponseBytes} bytes allowed (AuthKitOptions.MaxResponseBytes)");

    private AuthKitException Refused(HttpRequestMessage request, string what)
    {
        // The query (limit and page) says which page; it holds nothing secret.
        var message = $"Pica's answer to {request.Method} {request.RequestUri?.PathAndQuery} {what}; it was refused.";
        AuthKitLog.AnswerRefused(logger, message);
        return new AuthKitException(message);
    }
}
