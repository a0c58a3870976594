using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;

namespace AuthKit;

/// <summary>
/// Pica's error body, when it is one: a JSON object with a string <c>key</c> or <c>message</c>. The older
/// server adds a numeric <c>code</c>, the successor a <c>correlationId</c>; where the body has none, a
/// correlation id header (<c>x-correlation-id</c>, <c>correlation-id</c>, <c>x-request-id</c>, in that
/// order) stands in. Every value is bounded and cleaned by the client's <see cref="Redactor"/>: a server
/// can echo the key in its message. Plain text, HTML, an empty body or any other JSON is no envelope.
/// </summary>
internal sealed record PicaErrorEnvelope(string? Key, int? Code, string? Message, string? CorrelationId)
{
    /// <summary>Bound of the key and the correlation id.</summary>
    public const int MaxIdLength = 200;

    /// <summary>Bound of Pica's message.</summary>
    public const int MaxMessageLength = 500;

    private static readonly string[] CorrelationHeaders = ["x-correlation-id", "correlation-id", "x-request-id"];

    public static PicaErrorEnvelope? Read(string? body, HttpResponseHeaders? headers, Redactor redactor)
    {
        if (string.IsNullOrWhiteSpace(body) || body.AsSpan().TrimStart()[0] != '{')
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            var key = Text(root, "key");
            var message = Text(root, "message");
            if (key is null && message is null)
            {
                return null;
            }

            var correlationId = Text(root, "correlationId") ?? Header(headers);
            return new PicaErrorEnvelope(
                redactor.Clean(key, MaxIdLength),
                ReadCode(root),
                redactor.Clean(message, MaxMessageLength),
                redactor.Clean(correlationId, MaxIdLength));
        }
        catch (JsonException)
        {
            // A body cut at the 4 KiB bound, or not JSON after all: no envelope.
            return null;
        }
    }

    private static string? Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? ReadCode(JsonElement root) =>
        root.TryGetProperty("code", out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var code) ? code : null;

    private static string? Header(HttpResponseHeaders? headers)
    {
        foreach (var name in CorrelationHeaders)
        {
            if (headers is not null && headers.TryGetValues(name, out var values) && values.FirstOrDefault() is { Length: > 0 } value)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>What the exception's message says of it, e.g. <c>key 'err::…', code 2010, correlation id 'c-1': You are not authorized…</c>.</summary>
    public string Describe()
    {
        var parts = new List<string>(3);
        if (Key is not null)
        {
            parts.Add($"key '{Key}'");
        }

        if (Code is { } code)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"code {code}"));
        }

        if (CorrelationId is not null)
        {
            parts.Add($"correlation id '{CorrelationId}'");
        }

        var named = string.Join(", ", parts);
        return Message is null ? named : named.Length == 0 ? Message : $"{named}: {Message}";
    }
}
