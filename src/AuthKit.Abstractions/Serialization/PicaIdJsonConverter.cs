using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace AuthKit;

/// <summary>
/// Reads a <see cref="PicaId"/> from a JSON number or string and writes it back as it came. It is on
/// <see cref="PicaId"/> already: there is no need to register it. Public because source-generated
/// <see cref="JsonSerializerContext"/>s in other assemblies (yours included) instantiate it directly:
/// no reflection, so trimming and Native AOT keep it.
/// </summary>
public sealed class PicaIdJsonConverter : JsonConverter<PicaId>
{
    /// <summary>Reads a JSON number or string; anything else (null, an object, an array, a boolean) is a <see cref="JsonException"/>.</summary>
    /// <param name="reader">The reader, on the id's token.</param>
    /// <param name="typeToConvert">The type, <see cref="PicaId"/>.</param>
    /// <param name="options">The serializer options (not used).</param>
    /// <returns>The id.</returns>
    /// <exception cref="JsonException">The token is neither a number nor a string.</exception>
    public override PicaId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return new PicaId(reader.GetString()!);
            case JsonTokenType.Number:
                // "-0" reads as 0 but is written back as sent, like any number a long cannot hold.
                var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan;
                return reader.TryGetInt64(out var number) && (number != 0 || raw[0] != (byte)'-')
                    ? new PicaId(number)
                    : PicaId.FromJsonNumber(Encoding.UTF8.GetString(raw));
            default:
                throw new JsonException($"A Pica id must be a JSON number or a JSON string, not {Describe(reader.TokenType)}.");
        }
    }

    /// <summary>Writes the id as it came: a string as a JSON string, a number as the same JSON number.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="value">The id.</param>
    /// <param name="options">The serializer options (not used).</param>
    public override void Write(Utf8JsonWriter writer, PicaId value, JsonSerializerOptions options)
    {
        if (value.TryGetInt64(out var number))
        {
            writer.WriteNumberValue(number);
        }
        else if (value.RawNumber is { } raw)
        {
            writer.WriteRawValue(raw);
        }
        else
        {
            writer.WriteStringValue(value.ToString());
        }
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
