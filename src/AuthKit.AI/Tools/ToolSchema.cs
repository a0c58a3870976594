using System.Text.Json;

namespace AuthKit.Tools;

/// <summary>A tool's JSON schema, written by hand as text and read once.</summary>
internal static class ToolSchema
{
    public static JsonElement Parse(string schema)
    {
        using var document = JsonDocument.Parse(schema);
        return document.RootElement.Clone();
    }
}
