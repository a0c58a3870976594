using System.Buffers;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Refit;

namespace AuthKit;

/// <summary>
/// Refit's System.Text.Json serializer, except that an answer already buffered (ResponseBufferingHandler
/// reads every answer whole, and Refit buffers before it deserializes) is parsed from one span of its
/// bytes instead of as a stream: System.Text.Json then reads each row straight through, where reading a
/// stream in 16 KB chunks takes its resumable path (a page's 100 rows were a quarter of the client's CPU).
/// A page is read as its settable twin, <see cref="PicaTokenPage"/> (System.Text.Json reads <c>init</c>
/// properties through its slower parameterized-constructor path), and handed on as the public type.
/// The result is the same: same JSON contract (the source-generated context), same errors; a UTF-8 byte
/// order mark is skipped as the stream reader does, and an answer in another declared charset is left to Refit.
/// </summary>
internal sealed class BufferedJsonSerializer(SystemTextJsonContentSerializer inner, JsonSerializerOptions options) :
    IHttpContentSerializer, IJsonTypeInfoContentSerializer, ISynchronousContentSerializer, ISynchronousContentDeserializer, IStreamingContentSerializer
{
    public Task<T?> FromHttpContentAsync<T>(HttpContent content, CancellationToken cancellationToken = default) =>
        FromHttpContentAsync(content, (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)), cancellationToken);

    public async Task<T?> FromHttpContentAsync<T>(HttpContent content, JsonTypeInfo<T> jsonTypeInfo, CancellationToken cancellationToken = default)
    {
        if (!IsUtf8(content.Headers.ContentType))
        {
            return await inner.FromHttpContentAsync(content, jsonTypeInfo, cancellationToken).ConfigureAwait(false);
        }

        var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        if (stream is not MemoryStream buffered || buffered.Length - buffered.Position > int.MaxValue)
        {
            return await JsonSerializer.DeserializeAsync(stream, jsonTypeInfo, cancellationToken).ConfigureAwait(false);
        }

        // The buffered content's own stream does not expose its array: one copy into a pooled one.
        var length = (int)(buffered.Length - buffered.Position);
        var bytes = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            buffered.ReadExactly(bytes, 0, length);
            var json = bytes.AsSpan(0, length);
            json = json.StartsWith("\uFEFF"u8) ? json[3..] : json;
            return typeof(T) == typeof(AuthKitTokenResponse)
                ? (T?)(object?)ReadPage(json)
                : JsonSerializer.Deserialize(json, jsonTypeInfo);
        }
        finally
        {
            // A token's answer does not linger in the pool.
            bytes.AsSpan(0, length).Clear();
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static AuthKitTokenResponse? ReadPage(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize(json, AuthKitJsonContext.Default.PicaTokenPage)?.ToResponse();
        }
        catch (JsonException ex) when (PageShape.Problem(json) is { } problem)
        {
            throw new JsonException(problem, ex.Path, ex.LineNumber, ex.BytePositionInLine, ex);
        }
    }

    public HttpContent ToHttpContent<T>(T item) => inner.ToHttpContent(item);

    public HttpContent ToHttpContent<T>(T item, JsonTypeInfo<T> jsonTypeInfo) => inner.ToHttpContent(item, jsonTypeInfo);

    public HttpContent ToHttpContentSynchronous<T>(T item) => inner.ToHttpContentSynchronous(item);

    public HttpContent ToHttpContentSynchronous<T>(T item, JsonTypeInfo<T> jsonTypeInfo) => inner.ToHttpContentSynchronous(item, jsonTypeInfo);

    public HttpContent ToStreamingHttpContent<T>(T item) => inner.ToStreamingHttpContent(item);

    public HttpContent ToStreamingHttpContent<T>(T item, JsonTypeInfo<T> jsonTypeInfo) => inner.ToStreamingHttpContent(item, jsonTypeInfo);

    public T? DeserializeFromString<T>(string content) => inner.DeserializeFromString<T>(content);

    public T? DeserializeFromString<T>(string content, JsonTypeInfo<T> jsonTypeInfo) => inner.DeserializeFromString(content, jsonTypeInfo);

    public IAsyncEnumerable<T?> DeserializeStreamAsync<T>(Stream stream, StreamingContentFormat format, CancellationToken cancellationToken = default) =>
        inner.DeserializeStreamAsync<T>(stream, format, cancellationToken);

    public IAsyncEnumerable<T?> DeserializeStreamAsync<T>(Stream stream, StreamingContentFormat format, JsonTypeInfo<T> jsonTypeInfo, CancellationToken cancellationToken = default) =>
        inner.DeserializeStreamAsync(stream, format, jsonTypeInfo, cancellationToken);

    public string? GetFieldNameForProperty(System.Reflection.PropertyInfo propertyInfo) => inner.GetFieldNameForProperty(propertyInfo);

    // No charset is UTF-8 for JSON (RFC 8259); ReadFromJsonAsync transcodes any other declared charset.
    private static bool IsUtf8(MediaTypeHeaderValue? type) =>
        type?.CharSet is not { Length: > 0 } charset
        || charset.Trim('"').Equals("utf-8", StringComparison.OrdinalIgnoreCase)
        || charset.Trim('"').Equals("utf8", StringComparison.OrdinalIgnoreCase);
}
