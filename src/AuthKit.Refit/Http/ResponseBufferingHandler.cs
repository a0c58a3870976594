using System.Text;
using Microsoft.Extensions.Logging;

namespace AuthKit;

/// <summary>
/// Reads each answer's body inside the attempt, with a size limit. Inside the retry pipeline a body
/// cut off mid-way becomes a retried transport failure and a stalled body hits the attempt timeout,
/// instead of failing later in deserialization where nothing can retry it. A success answer is read
/// whole, up to <see cref="AuthKitOptions.MaxResponseBytes"/> and what is left of the token's
/// <see cref="AuthKitOptions.MaxTokenBytes"/>; an error answer only up to
/// <see cref="ErrorBodyLimit"/> bytes, after which the connection is given up rather than the rest
/// downloaded (on every attempt of a retried 5xx).
/// </summary>
internal sealed class ResponseBufferingHandler(ValidatedOptions options, ILogger logger) : DelegatingHandler
{
    /// <summary>The most of an error answer's body that is read, and kept as <see cref="AuthKitApiException.ResponseBody"/>: 4 KiB.</summary>
    public const int ErrorBodyLimit = 4096;

    // Strict: invalid bytes throw instead of becoming U+FFFD.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            response.Content = response.IsSuccessStatusCode
                ? await BufferAsync(request, response.Content, options.Current.MaxResponseBytes, TokenByteBudget.Current, cancellationToken).ConfigureAwait(false)
                : await ReadErrorPrefixAsync(response.Content, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private async Task<HttpContent> BufferAsync(HttpRequestMessage request, HttpContent content, long limit, TokenByteBudget? budget, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        if (declared > limit)
        {
            throw TooLarge(request, $"declares {declared} bytes", limit);
        }

        if (declared > budget?.Remaining)
        {
            throw OverBudget(request, budget!);
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
        // stream that enforces the limits. The content then counts as buffered, so Refit's
        // LoadIntoBufferAsync and the deserializer read that array instead of copying it again.
        var limited = new LimitedReadStream(this, stream, request, limit, budget, cancellationToken);
        var buffered = new StreamContent(limited);
        foreach (var header in content.Headers)
        {
            buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        try
        {
            await buffered.LoadIntoBufferAsync(limit).ConfigureAwait(false);
        }
        catch
        {
            // This attempt's bytes are not part of the token: a retry starts from what was charged before it.
            budget?.Refund(limited.Charged);
            buffered.Dispose();
            throw;
        }
        finally
        {
            content.Dispose();
        }

        return buffered;
    }

    /// <summary>
    /// The first <see cref="ErrorBodyLimit"/> bytes of an error answer's body, for the exception; the
    /// rest is never read: the content is disposed, and SocketsHttpHandler drops the connection rather
    /// than drain more than AuthKit's primary handler allows.
    /// </summary>
    private static async Task<HttpContent> ReadErrorPrefixAsync(HttpContent content, CancellationToken cancellationToken)
    {
        // The length is the prefix's own now.
        var headers = content.Headers.Where(h => !string.Equals(h.Key, "Content-Length", StringComparison.OrdinalIgnoreCase)).ToList();
        var prefix = new byte[ErrorBodyLimit];
        var length = 0;
        try
        {
            var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                int read;
                while (length < prefix.Length && (read = await stream.ReadAsync(prefix.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    length += read;
                }
            }
        }
        catch (IOException ex)
        {
            throw CutOff(ex);
        }
        finally
        {
            content.Dispose();
        }

        var kept = new ByteArrayContent(prefix, 0, length);
        foreach (var header in headers)
        {
            kept.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return kept;
    }

    private static HttpRequestException CutOff(IOException ex) =>
        new(HttpRequestError.ResponseEnded, "Pica's answer was cut off before its end.", ex);

    private AuthKitException TooLarge(HttpRequestMessage request, string what, long limit) =>
        Refused(request, $"{what}, over the {limit} bytes allowed (AuthKitOptions.MaxResponseBytes)");

    private AuthKitException OverBudget(HttpRequestMessage request, TokenByteBudget budget) =>
        Refused(request, $"takes the token over the {budget.Limit} bytes allowed for one token across its pages (AuthKitOptions.MaxTokenBytes)");

    private AuthKitException Refused(HttpRequestMessage request, string what)
    {
        var message = options.Redactor.Clean($"Pica's answer to {PicaRequestName.Described(request)} {what}; it was refused.");
        AuthKitLog.AnswerRefused(logger, message);
        return new AuthKitException(message);
    }

    /// <summary>
    /// The body as HttpContent buffers it: never more than one byte past the limit is read (that byte
    /// proves the answer too large), nor more than one byte past what is left of the token's budget; a
    /// broken connection is a retryable transport failure, every read is bound to the attempt's token
    /// (net8.0's LoadIntoBufferAsync passes none), and a success answer must be UTF-8: System.Text.Json
    /// keeps the raw bytes of fields it does not know, unchecked, so invalid UTF-8 there would reach the
    /// frontend (RFC 8259 requires UTF-8).
    /// </summary>
    private sealed class LimitedReadStream(
        ResponseBufferingHandler handler, Stream inner, HttpRequestMessage request, long limit, TokenByteBudget? budget, CancellationToken cancellationToken) : Stream
    {
        private readonly Decoder _utf8 = StrictUtf8.GetDecoder();
        private long _read;

        /// <summary>The bytes charged to the token's budget so far.</summary>
        public long Charged { get; private set; }

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

        // Never asks for more than one byte past the limit, nor past what is left of the token's budget.
        private int Allowed(int length) => length == 0
            ? 0
            : (int)Math.Max(1, Math.Min(Math.Min(length, limit - _read + 1), budget is null ? long.MaxValue : budget.Remaining + 1));

        private int Checked(ReadOnlySpan<byte> data)
        {
            _read += data.Length;
            if (_read > limit)
            {
                throw handler.TooLarge(request, $"is longer than {limit} bytes", limit);
            }

            if (budget is not null)
            {
                Charged += data.Length;
                if (!budget.TryCharge(data.Length))
                {
                    throw handler.OverBudget(request, budget);
                }
            }

            try
            {
                // The decoder carries a sequence split across reads; the empty final read flushes it.
                _utf8.GetCharCount(data, flush: data.IsEmpty);
            }
            catch (DecoderFallbackException)
            {
                throw handler.Refused(request, "is not valid UTF-8 text");
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
