using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace AuthKit.Mcp.Tests.TestSupport;

/// <summary>What a <c>tools/call</c> answered, read as a client reads it.</summary>
internal static class ToolResults
{
    /// <summary>The structured result, after checking that the text content holds the same JSON.</summary>
    public static JsonElement Json(CallToolResult result)
    {
        var structured = Assert.IsType<JsonElement>(result.StructuredContent);
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        Assert.Equal(structured.GetRawText(), JsonSerializer.Deserialize<JsonElement>(text).GetRawText());
        return structured;
    }

    public static string? Error(CallToolResult result) =>
        Json(result).TryGetProperty("error", out var error) ? error.GetString() : null;

    public static IReadOnlyList<string> ConnectionKeys(CallToolResult result) =>
        [.. Json(result).GetProperty("connections").EnumerateArray().Select(c => c.GetProperty("key").GetString()!)];
}
