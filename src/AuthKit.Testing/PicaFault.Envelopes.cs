using System.Globalization;
using System.Net;
using System.Text.Json;

namespace AuthKit.Testing;

// Error answers shaped as Pica's servers and the proxies in front of them send them.
public sealed partial class PicaFault
{
    /// <summary>The body of an envelope fault; <see langword="null"/> for the emulator's own JSON error body.</summary>
    internal string? ErrorBody { get; private init; }

    internal string? ErrorContentType { get; private init; }

    internal IReadOnlyList<KeyValuePair<string, string>> ErrorHeaders { get; private init; } = [];

    // Named in ToString, e.g. "Status 401 EnvelopeWithCode".
    private string? Shape { get; init; }

    /// <summary>
    /// The older server's error envelope: <c>{"type":"Unauthorized","code":2010,"status":401,"key":…,"message":…,"meta":null}</c>,
    /// as JSON. With <paramref name="correlationIdHeader"/> the correlation id comes as an <c>x-correlation-id</c> header.
    /// </summary>
    /// <param name="statusCode">An error status, 400 to 599.</param>
    /// <param name="code">Pica's numeric error code, e.g. 2010.</param>
    /// <param name="key">Pica's error key, e.g. <c>err::application::unauthorized</c>.</param>
    /// <param name="message">Pica's message.</param>
    /// <param name="correlationIdHeader">Sent as <c>x-correlation-id</c> when set.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The status is not an error status.</exception>
    /// <exception cref="ArgumentNullException">The key or the message is <see langword="null"/>.</exception>
    public static PicaFault EnvelopeWithCode(HttpStatusCode statusCode, int code, string key, string message, string? correlationIdHeader = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        var body = Json(writer =>
        {
            writer.WriteString("type", TypeName(statusCode));
            writer.WriteNumber("code", code);
            writer.WriteNumber("status", (int)statusCode);
            writer.WriteString("key", key);
            writer.WriteString("message", message);
            writer.WriteNull("meta");
        });
        return WithBody(statusCode, nameof(EnvelopeWithCode), body, "application/json",
            correlationIdHeader is null ? [] : [new("x-correlation-id", correlationIdHeader)]);
    }

    /// <summary>The successor platform's error envelope: <c>{"correlationId":…,"key":…,"message":…,"type":…,"status":404}</c>, as JSON.</summary>
    /// <param name="statusCode">An error status, 400 to 599 (402 for quota problems).</param>
    /// <param name="key">The error key.</param>
    /// <param name="message">The message.</param>
    /// <param name="correlationId">The correlation id.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The status is not an error status.</exception>
    /// <exception cref="ArgumentNullException">The key, the message or the correlation id is <see langword="null"/>.</exception>
    public static PicaFault EnvelopeWithCorrelationId(HttpStatusCode statusCode, string key, string message, string correlationId)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(correlationId);
        var body = Json(writer =>
        {
            writer.WriteString("correlationId", correlationId);
            writer.WriteString("key", key);
            writer.WriteString("message", message);
            writer.WriteString("type", TypeName(statusCode));
            writer.WriteNumber("status", (int)statusCode);
        });
        return WithBody(statusCode, nameof(EnvelopeWithCorrelationId), body, "application/json", []);
    }

    /// <summary>An error status with a plain text body (<c>text/plain</c>), as a proxy or a crashed server sends.</summary>
    /// <param name="statusCode">An error status, 400 to 599.</param>
    /// <param name="text">The body.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The status is not an error status.</exception>
    /// <exception cref="ArgumentNullException">The text is <see langword="null"/>.</exception>
    public static PicaFault PlainTextError(HttpStatusCode statusCode, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return WithBody(statusCode, nameof(PlainTextError), text, "text/plain; charset=utf-8", []);
    }

    /// <summary>An error status with a proxy's HTML error page (<c>text/html</c>).</summary>
    /// <param name="statusCode">An error status, 400 to 599, e.g. 502.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The status is not an error status.</exception>
    public static PicaFault HtmlError(HttpStatusCode statusCode) =>
        WithBody(statusCode, nameof(HtmlError), string.Create(CultureInfo.InvariantCulture,
            $"<html><head><title>{(int)statusCode} {TypeName(statusCode)}</title></head><body><center><h1>{(int)statusCode} {TypeName(statusCode)}</h1></center><hr><center>nginx</center></body></html>"),
            "text/html", []);

    /// <summary>An error status with an empty body and no <c>Content-Type</c>.</summary>
    /// <param name="statusCode">An error status, 400 to 599.</param>
    /// <returns>The fault.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The status is not an error status.</exception>
    public static PicaFault EmptyError(HttpStatusCode statusCode) => WithBody(statusCode, nameof(EmptyError), string.Empty, null, []);

    private static PicaFault WithBody(HttpStatusCode statusCode, string shape, string body, string? contentType, IReadOnlyList<KeyValuePair<string, string>> headers)
    {
        var status = Status(statusCode);
        return new PicaFault(status.Kind, status.StatusCode, null, TimeSpan.Zero)
        {
            Shape = shape,
            ErrorBody = body,
            ErrorContentType = contentType,
            ErrorHeaders = headers,
        };
    }

    private static string Json(Action<Utf8JsonWriter> write)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // Pica's "type": the status's name, e.g. Unauthorized, TooManyRequests, PaymentRequired.
    private static string TypeName(HttpStatusCode statusCode) =>
        Enum.IsDefined(statusCode) ? statusCode.ToString() : ((int)statusCode).ToString(CultureInfo.InvariantCulture);
}
