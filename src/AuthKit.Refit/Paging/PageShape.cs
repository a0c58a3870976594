using System.Globalization;
using System.Text.Json;

namespace AuthKit;

/// <summary>
/// Says what is wrong with the shape of a page System.Text.Json refused, in the words of the contract
/// ("row 3 is a JSON string, not an object") rather than the serializer's ("could not be converted to
/// PicaConnectionRow"). Only run once a page has failed: the page is read again, without allocating.
/// </summary>
internal static class PageShape
{
    /// <summary>The problem with <c>rows</c> or one of its elements; <see langword="null"/> when they are fine (the failure is elsewhere).</summary>
    public static string? Problem(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!reader.ValueTextEquals("rows"u8))
                {
                    reader.Read();
                    reader.Skip();
                    continue;
                }

                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    return null;
                }

                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    return $"'rows' is {Describe(reader.TokenType)}, not an array.";
                }

                for (var index = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; index++)
                {
                    if (reader.TokenType is not JsonTokenType.StartObject and not JsonTokenType.Null)
                    {
                        return string.Create(CultureInfo.InvariantCulture, $"row {index} (counting from 0) of 'rows' is {Describe(reader.TokenType)}, not an object.");
                    }

                    reader.Skip();
                }

                return null;
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return "it has no 'rows'.";
            }
        }
        catch (JsonException)
        {
            // Not JSON at all: the serializer's own message says where.
        }

        return null;
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.String => "a JSON string",
        JsonTokenType.Number => "a JSON number",
        JsonTokenType.True or JsonTokenType.False => "a JSON boolean",
        _ => token.ToString(),
    };
}
