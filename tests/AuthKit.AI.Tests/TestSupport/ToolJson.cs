using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AuthKit.AI.Tests.TestSupport;

/// <summary>Tool results as JSON, whichever way they were carried.</summary>
internal static class ToolJson
{
    public static JsonElement Of(object? result) => result switch
    {
        JsonElement element => element,
        null => throw new InvalidOperationException("The tool returned nothing."),
        _ => JsonSerializer.SerializeToElement(result, AIJsonUtilities.DefaultOptions),
    };

    public static async Task<JsonElement> InvokeAsync(AIFunction tool, object? arguments = null)
    {
        var args = arguments is null
            ? new AIFunctionArguments()
            : new AIFunctionArguments(JsonSerializer.Deserialize<Dictionary<string, object?>>(JsonSerializer.Serialize(arguments))!);
        return Of(await tool.InvokeAsync(args));
    }

    public static string? Error(JsonElement result) =>
        result.TryGetProperty("error", out var error) ? error.GetString() : null;
}
