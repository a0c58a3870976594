using System.Net;
using System.Text.Json.Nodes;

namespace AuthKit;

/// <summary>
/// The integration's answer to an executed action. A JSON answer is read (within
/// <see cref="AuthKitOptions.MaxActionResultBytes"/>) into <see cref="Json"/>; any other answer streams from
/// <see cref="Body"/>. Dispose it when done: it may hold the connection.
/// </summary>
public sealed class PicaActionResult : IDisposable
{
    private readonly IDisposable? _owner;

    /// <summary>Creates a result.</summary>
    /// <param name="statusCode">The integration's status.</param>
    /// <param name="headers">The answer's headers.</param>
    /// <param name="contentType">The answer's media type.</param>
    /// <param name="json">The body, read as JSON; <see langword="null"/> when it is not JSON.</param>
    /// <param name="body">The body's bytes.</param>
    /// <param name="owner">What to dispose with the result.</param>
    public PicaActionResult(HttpStatusCode statusCode, IReadOnlyDictionary<string, IReadOnlyList<string>> headers, string? contentType, JsonNode? json, Stream body, IDisposable? owner = null)
    {
        StatusCode = statusCode;
        Headers = headers ?? throw new ArgumentNullException(nameof(headers));
        ContentType = contentType;
        Json = json;
        Body = body ?? throw new ArgumentNullException(nameof(body));
        _owner = owner;
    }

    /// <summary>The integration's status.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>Whether the status is 2xx.</summary>
    public bool IsSuccessStatusCode => (int)StatusCode is >= 200 and <= 299;

    /// <summary>The answer's headers and content headers, by case-insensitive name.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Headers { get; }

    /// <summary>The answer's media type, e.g. <c>application/json</c>.</summary>
    public string? ContentType { get; }

    /// <summary>The body as JSON, when the answer said it is JSON and it parsed; otherwise <see langword="null"/>.</summary>
    public JsonNode? Json { get; }

    /// <summary>The body: the bytes read when it was JSON, the live stream otherwise.</summary>
    public Stream Body { get; }

    /// <summary>Releases the answer and its connection.</summary>
    public void Dispose()
    {
        Body.Dispose();
        _owner?.Dispose();
    }

    /// <summary>Names the status, never the body.</summary>
    /// <returns>E.g. <c>PicaActionResult 200 application/json</c>.</returns>
    public override string ToString() => $"PicaActionResult {(int)StatusCode} {ContentType}";
}
