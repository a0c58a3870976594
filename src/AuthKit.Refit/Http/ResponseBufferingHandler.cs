namespace AuthKit;

/// <summary>
/// Reads each answer's body inside the attempt, with a size limit. Inside the retry pipeline a body
/// cut off mid-way becomes a retried transport failure and a stalled body hits the attempt timeout,
/// instead of failing later in deserialization where nothing can retry it.
/// </summary>
internal sealed class ResponseBufferingHandler(long maxResponseBytes) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        try
        {
            response.Content = await BufferAsync(request, response.Content, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    private async Task<HttpContent> BufferAsync(HttpRequestMessage request, HttpContent content, CancellationToken cancellationToken)
    {
        var declared = content.Headers.ContentLength;
        if (declared > maxResponseBytes)
        {
            throw TooLarge(request, maxResponseBytes, $"declares {declared} bytes");
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
        var buffered = new StreamContent(new LimitedReadStream(stream, request, maxResponseBytes, cancellationToken));
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

    private static AuthKitException TooLarge(HttpRequestMessage request, long maxResponseBytes, string what) =>
        new ResponseRefusedException(
            $"Pica's answer to {request.Method} {request.RequestUri?.AbsolutePath} {what}, over the {maxResponseBytes} bytes allowed " +
            "(AuthKitOptions.MaxResponseBytes); it was refused.");

    /// <summary>
    /// The body as HttpContent buffers it: never more than one byte past the limit is read (that byte
    /// proves the answer too large), a broken connection is a retryable transport failure, and every
    /// read is bound to the attempt's token (net8.0's LoadIntoBufferAsync passes none).
    /// </summary>
    private sealed class LimitedReadStream(Stream inner, HttpRequestMessage request, long maxBytes, CancellationToken cancellationToken) : Stream
    {
        private long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ignored = default)
        {
            int read;
            try
            {
                read = await inner.ReadAsync(buffer[..Allowed(buffer.Length)], cancellationToken).ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                throw CutOff(ex);
            }

            return Counted(read);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ignored) =>
            ReadAsync(buffer.AsMemory(offset, count), ignored).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int read;
            try
            {
                read = inner.Read(buffer[..Allowed(buffer.Length)]);
            }
            catch (IOException ex)
            {
                throw CutOff(ex);
            }

            return Counted(read);
        }

        // Never asks for more than one byte past the limit.
        private int Allowed(int length) => (int)Math.Min(length, maxBytes - _read + 1);

        private int Counted(int read)
        {
            _read += read;
            if (_read > maxBytes)
            {
                throw TooLarge(request, maxBytes, $"is longer than {maxBytes} bytes");
            }

            return read;
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
