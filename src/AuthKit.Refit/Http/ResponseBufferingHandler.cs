using System.Text;
using Microsoft.Extensions.Logging;

namespace AuthKit;

/// <summary>
/// Reads each answer's body inside the attempt, with a size limit. Inside the retry pipeline a body
/// cut off mid-way becomes a retried transport failure and a stalled body hits the attempt timeout,
/// instead of failing later in deserialization where nothing can retry it.
/// </summary>
internal sealed class ResponseBufferingHandler(long maxResponseBytes, ILogger logger) : DelegatingHandler
{
    // Strict: invalid bytes throw instead of becoming U+FFFD.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private long MaxResponseBytes => maxResponseBytes;

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

        Stream stream;
        try
        {
            stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw CutOff(ex);
        }

        // HttpContent's own buffering reads the body (once, into one array of its length), through a
        // stream that enforces the limit. The content then counts as buffered, so Refit's
        // LoadIntoBufferAsync and the deserializer read that array instead of copying it again.
        var buffered = new StreamContent(new LimitedReadStream(this, stream, request, success, cancellationToken));
        foreach (var header in content.Headers)
        {
            buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        try
        {
            await buffered.LoadIntoBufferAsync(maxResponseBytes).ConfigureAwait(false);
        }
        catch
        {
            buffered.Dispose();
            throw;
        }
        finally
        {
            content.Dispose();
        }

        return buffered;
    }

    private static HttpRequestException CutOff(IOException ex) =>
        new(HttpRequestError.ResponseEnded, "Pica's answer was cut off before its end.", ex);

    private AuthKitException TooLarge(HttpRequestMessage request, string what) =>
        Refused(request, $"{what}, over the {maxResponseBytes} bytes allowed (AuthKitOptions.MaxResponseBytes)");

    private AuthKitException Refused(HttpRequestMessage request, string what)
    {
        // The query (limit and page) says which page; it holds nothing secret.
        var message = $"Pica's answer to {request.Method} {request.RequestUri?.PathAndQuery} {what}; it was refused.";
        AuthKitLog.AnswerRefused(logger, message);
        return new AuthKitException(message);
    }

    /// <summary>
    /// The body as HttpContent buffers it: never more than one byte past the limit is read (that byte
    /// proves the answer too large), a broken connection is a retryable transport failure, every read
    /// is bound to the attempt's token (net8.0's LoadIntoBufferAsync passes none), and a success
    /// answer must be UTF-8: System.Text.Json keeps the raw bytes of fields it does not know,
    /// unchecked, so invalid UTF-8 there would reach the frontend (RFC 8259 requires UTF-8).
    /// </summary>
    private sealed class LimitedReadStream(
        ResponseBufferingHandler handler, Stream inner, HttpRequestMessage request, bool validateUtf8, CancellationToken cancellationToken) : Stream
    {
        private readonly Decoder? _utf8 = validateUtf8 ? StrictUtf8.GetDecoder() : null;
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ignored = default)
        {
            buffer = buffer[..Allowed(buffer.Length)];
            int read;
            try
            {
                read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw CutOff(ex);
            }

            return Checked(buffer.Span[..read]);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ignored) =>
            ReadAsync(buffer.AsMemory(offset, count), ignored).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            cancellationToken.ThrowIfCancellationRequested();
            buffer = buffer[..Allowed(buffer.Length)];
            int read;
            try
            {
                read = inner.Read(buffer);
            }
            catch (IOException ex)
            {
                throw CutOff(ex);
            }

            return Checked(buffer[..read]);
        }

        // Never asks for more than one byte past the limit.
        private int Allowed(int length) => (int)Math.Min(length, handler.MaxResponseBytes - _read + 1);

        private int Checked(ReadOnlySpan<byte> data)
        {
            _read += data.Length;
            if (_read > handler.MaxResponseBytes)
            {
                throw handler.TooLarge(request, $"is longer than {handler.MaxResponseBytes} bytes");
            }

            if (_utf8 is not null)
            {
                try
                {
                    // The decoder carries a sequence split across reads; the empty final read flushes it.
                    _utf8.GetCharCount(data, flush: data.IsEmpty);
                }
                catch (DecoderFallbackException)
                {
                    throw handler.Refused(request, "is not valid UTF-8 text");
                }
            }

            return data.Length;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
