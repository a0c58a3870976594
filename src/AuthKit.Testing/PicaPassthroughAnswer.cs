using System.Net;
using System.Text;

namespace AuthKit.Testing;

/// <summary>
/// What the <see cref="PicaEmulator"/> answers, as the integration, to passthrough calls of one action
/// (<see cref="PicaEmulator.OnPassthrough"/>). Immutable: <see cref="WithHeader"/> and
/// <see cref="WithLatency"/> return a new instance.
/// </summary>
public sealed class PicaPassthroughAnswer
{
    private PicaPassthroughAnswer(HttpStatusCode status, ReadOnlyMemory<byte> body, string? contentType, IReadOnlyList<KeyValuePair<string, string>> headers, TimeSpan latency)
    {
        StatusCode = status;
        Body = body;
        ContentType = contentType;
        Headers = headers;
        Latency = latency;
    }

    /// <summary>The integration's status.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The body's bytes, sent as they are.</summary>
    public ReadOnlyMemory<byte> Body { get; }

    /// <summary>The <c>Content-Type</c> of the body; <see langword="null"/> for none.</summary>
    public string? ContentType { get; }

    /// <summary>The integration's headers, in the order added.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; }

    /// <summary>How long the emulator waits before answering.</summary>
    public TimeSpan Latency { get; }

    /// <summary>A JSON answer (<c>application/json; charset=utf-8</c>).</summary>
    /// <param name="json">The body, sent as UTF-8 (not checked to be JSON, so broken bodies can be scripted too).</param>
    /// <param name="status">The status.</param>
    /// <returns>The answer.</returns>
    public static PicaPassthroughAnswer Json(string json, HttpStatusCode status = HttpStatusCode.OK)
    {
        ArgumentNullException.ThrowIfNull(json);
        return new(status, Encoding.UTF8.GetBytes(json), "application/json; charset=utf-8", [], TimeSpan.Zero);
    }

    /// <summary>A text answer.</summary>
    /// <param name="text">The body, sent as UTF-8.</param>
    /// <param name="status">The status.</param>
    /// <param name="contentType">The content type.</param>
    /// <returns>The answer.</returns>
    public static PicaPassthroughAnswer Text(string text, HttpStatusCode status = HttpStatusCode.OK, string contentType = "text/plain; charset=utf-8")
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        return new(status, Encoding.UTF8.GetBytes(text), contentType, [], TimeSpan.Zero);
    }

    /// <summary>A binary answer.</summary>
    /// <param name="body">The bytes (copied).</param>
    /// <param name="contentType">The content type, e.g. <c>application/octet-stream</c>.</param>
    /// <param name="status">The status.</param>
    /// <returns>The answer.</returns>
    public static PicaPassthroughAnswer Bytes(ReadOnlyMemory<byte> body, string contentType, HttpStatusCode status = HttpStatusCode.OK)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        return new(status, body.ToArray(), contentType, [], TimeSpan.Zero);
    }

    /// <summary>An answer with no body and no <c>Content-Type</c>.</summary>
    /// <param name="status">The status, e.g. <see cref="HttpStatusCode.NoContent"/>.</param>
    /// <returns>The answer.</returns>
    public static PicaPassthroughAnswer Empty(HttpStatusCode status = HttpStatusCode.NoContent) => new(status, ReadOnlyMemory<byte>.Empty, null, [], TimeSpan.Zero);

    /// <summary>This answer with one more header.</summary>
    /// <param name="name">The header's name (not <c>Content-Type</c>: choose it with the factory).</param>
    /// <param name="value">Its value.</param>
    /// <returns>A new answer.</returns>
    /// <exception cref="ArgumentException">An empty name, or <c>Content-Type</c>/<c>Content-Length</c>.</exception>
    public PicaPassthroughAnswer WithHeader(string name, string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(value);
        if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{name}' is set from the body; choose the content type with the factory.", nameof(name));
        }

        return new(StatusCode, Body, ContentType, [.. Headers, new(name, value)], Latency);
    }

    /// <summary>This answer, sent after <paramref name="latency"/>.</summary>
    /// <param name="latency">The wait, zero or more.</param>
    /// <returns>A new answer.</returns>
    public PicaPassthroughAnswer WithLatency(TimeSpan latency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(latency, TimeSpan.Zero);
        return new(StatusCode, Body, ContentType, Headers, latency);
    }

    /// <summary>Describes the answer, e.g. <c>200 application/json; charset=utf-8 (12 bytes)</c>.</summary>
    /// <returns>The description.</returns>
    public override string ToString() => $"{(int)StatusCode} {ContentType ?? "(no content type)"} ({Body.Length} bytes)";
}
