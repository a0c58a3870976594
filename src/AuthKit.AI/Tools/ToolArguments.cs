using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;

namespace AuthKit.Tools;

/// <summary>
/// A call's arguments as JSON, whatever carried them (a model's parsed JSON, an MCP request, a scripted
/// client's CLR objects). An argument the tool does not take is refused, not ignored: a model that sends
/// <c>identity</c> is told the tools act for the signed-in user only.
/// </summary>
internal sealed class ToolArguments
{
    private readonly Dictionary<string, JsonNode?> _values;

    private ToolArguments(Dictionary<string, JsonNode?> values) => _values = values;

    public static ToolArguments Read(AIFunctionArguments arguments, IReadOnlyCollection<string> names)
    {
        var values = new Dictionary<string, JsonNode?>(StringComparer.Ordinal);
        foreach (var (name, value) in arguments)
        {
            if (!names.Contains(name))
            {
                var known = names.Count == 0 ? "no arguments" : "only " + string.Join(", ", names);
                throw new ToolRefusal($"Unknown argument '{Text.Clean(name, 64)}': this tool takes {known}, and always acts for the signed-in user.");
            }

            values[name] = ToNode(value);
        }

        return new ToolArguments(values);
    }

    public string? String(string name, bool required, int maxLength = 256)
    {
        var node = Get(name);
        if (node is null)
        {
            return required ? throw new ToolRefusal($"'{name}' is required.") : null;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            throw new ToolRefusal($"'{name}' must be a string.");
        }

        var value = node.GetValue<string>();
        if (value.Length == 0)
        {
            return required ? throw new ToolRefusal($"'{name}' is empty.") : null;
        }

        return value.Length <= maxLength ? value : throw new ToolRefusal($"'{name}' is {value.Length} characters long; at most {maxLength} are allowed.");
    }

    public int? Int(string name, int min, int max)
    {
        var node = Get(name);
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() != JsonValueKind.Number || !int.TryParse(node.ToJsonString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            throw new ToolRefusal($"'{name}' must be a whole number.");
        }

        return value >= min && value <= max ? value : throw new ToolRefusal($"'{name}' must be between {min} and {max}.");
    }

    public bool? Bool(string name)
    {
        var node = Get(name);
        return node is null ? null : node.GetValueKind() switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new ToolRefusal($"'{name}' must be true or false."),
        };
    }

    public IReadOnlyList<string> StringList(string name, int maxCount, int maxLength = 512)
    {
        var node = Get(name) ?? throw new ToolRefusal($"'{name}' is required.");
        if (node is not JsonArray array)
        {
            // A lone string is what a model means by a list of one.
            return node.GetValueKind() == JsonValueKind.String ? [String(name, required: true, maxLength)!] : throw new ToolRefusal($"'{name}' must be a list of strings.");
        }

        if (array.Count == 0 || array.Count > maxCount)
        {
            throw new ToolRefusal($"'{name}' must hold 1 to {maxCount} items.");
        }

        var values = new List<string>(array.Count);
        foreach (var item in array)
        {
            if (item is null || item.GetValueKind() != JsonValueKind.String || item.GetValue<string>() is not { Length: > 0 } value)
            {
                throw new ToolRefusal($"Each item of '{name}' must be a non-empty string.");
            }

            values.Add(value.Length <= maxLength ? value : throw new ToolRefusal($"An item of '{name}' is {value.Length} characters long; at most {maxLength} are allowed."));
        }

        return values;
    }

    /// <summary>An object of scalars as text: numbers as written, booleans as <c>true</c>/<c>false</c>.</summary>
    public IReadOnlyDictionary<string, string>? Map(string name, int maxCount = 64, int maxLength = 4096)
    {
        var node = Get(name);
        if (node is null)
        {
            return null;
        }

        if (node is not JsonObject map)
        {
            throw new ToolRefusal($"'{name}' must be an object of names and values.");
        }

        if (map.Count > maxCount)
        {
            throw new ToolRefusal($"'{name}' has {map.Count} entries; at most {maxCount} are allowed.");
        }

        var values = new Dictionary<string, string>(map.Count, StringComparer.Ordinal);
        foreach (var (key, value) in map)
        {
            var text = value?.GetValueKind() switch
            {
                JsonValueKind.String => value.GetValue<string>(),
                JsonValueKind.Number => value.ToJsonString(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => throw new ToolRefusal($"'{name}.{Text.Clean(key, 64)}' must be a string, a number or a boolean."),
            };
            values[key] = text.Length <= maxLength ? text : throw new ToolRefusal($"'{name}.{Text.Clean(key, 64)}' is {text.Length} characters long; at most {maxLength} are allowed.");
        }

        return values;
    }

    public JsonNode? Json(string name, int maxLength)
    {
        var node = Get(name);
        if (node is null)
        {
            return null;
        }

        // The node is this call's own copy (ToNode), so it is handed on as it is.
        var length = node.ToJsonString().Length;
        return length <= maxLength ? node : throw new ToolRefusal($"'{name}' is {length} characters of JSON; at most {maxLength} are allowed.");
    }

    private JsonNode? Get(string name) =>
        _values.TryGetValue(name, out var node) && node is not null && node.GetValueKind() != JsonValueKind.Null ? node : null;

    private static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        JsonElement element => JsonSerializer.SerializeToNode(element, ToolJsonContext.Default.JsonElement),
        string text => JsonValue.Create(text),
        bool flag => JsonValue.Create(flag),
        int number => JsonValue.Create(number),
        long number => JsonValue.Create(number),
        double number => JsonValue.Create(number),
        decimal number => JsonValue.Create(number),
        _ => JsonSerializer.SerializeToNode(value, AIJsonUtilities.DefaultOptions.GetTypeInfo(value.GetType())),
    };
}
