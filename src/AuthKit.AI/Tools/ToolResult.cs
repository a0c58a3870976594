using System.Text.Json;
using System.Text.Json.Nodes;

namespace AuthKit.Tools;

/// <summary>
/// A tool's answer as a JSON object, cut to the bound a model's context can take. One property is the part
/// that may be cut (a list is cut at a whole item, a text at a character); the cut is marked
/// <c>"truncated": true</c>, so the model knows there is more rather than believing it saw everything.
/// </summary>
internal sealed class ToolResult
{
    private const string Truncated = "truncated";

    private readonly JsonObject _body;
    private readonly string? _cuttable;

    private ToolResult(JsonObject body, string? cuttable)
    {
        _body = body;
        _cuttable = cuttable;
    }

    public static ToolResult Of(JsonObject body, string? cuttable = null) => new(body, cuttable);

    public static ToolResult Error(string message) => new(new JsonObject { ["error"] = message }, "error");

    public JsonElement ToJson(int maxLength)
    {
        // UTF-8 is never shorter than UTF-16, so a result whose bytes fit is written once and read once.
        var utf8 = JsonSerializer.SerializeToUtf8Bytes(_body, ToolJsonContext.Default.JsonObject);
        if (utf8.Length > maxLength && Length(_body) > maxLength && _cuttable is not null && _body[_cuttable] is { } part)
        {
            _body[Truncated] = true;
            _body.Remove(_cuttable);
            var budget = maxLength - Length(_body) - _cuttable.Length - 4;
            _body[_cuttable] = part switch
            {
                JsonArray items => Prefix(items, budget),
                JsonValue text when text.GetValueKind() == JsonValueKind.String => JsonValue.Create(Cut(text.GetValue<string>(), budget)),
                _ => JsonValue.Create(Cut(part.ToJsonString(), budget)),
            };
            utf8 = JsonSerializer.SerializeToUtf8Bytes(_body, ToolJsonContext.Default.JsonObject);
        }

        var reader = new Utf8JsonReader(utf8);
        return JsonElement.ParseValue(ref reader);
    }

    private static int Length(JsonNode node) => node.ToJsonString().Length;

    private static JsonArray Prefix(JsonArray items, int budget)
    {
        var kept = new JsonArray();
        var used = 2;
        foreach (var item in items)
        {
            var size = (item is null ? 4 : Length(item)) + 1;
            if (used + size > budget)
            {
                break;
            }

            used += size;
            kept.Add(item?.DeepClone());
        }

        return kept;
    }

    // The budget counts the text as JSON writes it (quotes and escapes, up to six characters for one), so
    // the longest prefix that fits is found by halving rather than guessed from the raw length.
    private static string Cut(string text, int budget)
    {
        int fits = 0, over = Math.Min(text.Length, Math.Max(0, budget - 2)) + 1;
        while (over - fits > 1)
        {
            var middle = fits + ((over - fits) / 2);
            if (JsonValue.Create(text[..middle]).ToJsonString().Length <= budget)
            {
                fits = middle;
            }
            else
            {
                over = middle;
            }
        }

        return fits > 0 && char.IsHighSurrogate(text[fits - 1]) ? text[..(fits - 1)] : text[..fits];
    }
}
