using System.Buffers;
using System.Text;
using System.Text.Json;

namespace AuthKit.Testing.Internal;

/// <summary>The JSON bodies the emulator answers with, written as Pica writes them (camelCase, nulls included).</summary>
internal static class PicaJson
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>A row serialized once, when seeded, so that answering a page only concatenates.</summary>
    public static byte[] Row(AuthKitConnection connection) => JsonSerializer.SerializeToUtf8Bytes(connection, Web);

    public static string Page(IReadOnlyList<byte[]> rows, int from, int count, int total, int pages, int page, long requestId)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("rows");
            for (var i = from; i < from + count; i++)
            {
                writer.WriteRawValue(rows[i], skipInputValidation: true);
            }

            writer.WriteEndArray();
            writer.WriteNumber("total", total);
            writer.WriteNumber("pages", pages);
            writer.WriteNumber("page", page);
            writer.WriteNumber("requestId", requestId);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    public static string Flags(bool whiteLabel) =>
        $$"""{"accessList":[],"authkitWhitelist":{{(whiteLabel ? "true" : "false")}},"earlyAccess":[],"completedQuickstart":true}""";

    public static string Error(int status, string error, string message)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("status", status);
            writer.WriteString("error", error);
            writer.WriteString("message", message);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>Reads <c>identity</c> and <c>identityType</c> from a body, for the request log; anything else is ignored.</summary>
    public static bool TryReadRequest(string? body, out string? identity, out string? identityType)
    {
        identity = null;
        identityType = null;
        if (string.IsNullOrEmpty(body))
        {
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            if (document.RootElement.TryGetProperty("identity", out var id) && id.ValueKind == JsonValueKind.String)
            {
                identity = id.GetString();
            }

            if (document.RootElement.TryGetProperty("identityType", out var type) && type.ValueKind == JsonValueKind.String)
            {
                identityType = type.GetString();
            }

            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
