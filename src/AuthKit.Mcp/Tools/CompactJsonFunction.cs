using System.Text.Json;
using Microsoft.Extensions.AI;

namespace AuthKit.Tools;

/// <summary>
/// An AuthKit tool whose result the MCP SDK writes as compact JSON text: it serializes a function's result
/// with the function's <see cref="AIFunction.JsonSerializerOptions"/>, whose default indents, which would make
/// the text twice the length the tool bounded its result to.
/// </summary>
internal sealed class CompactJsonFunction(AIFunction inner) : DelegatingAIFunction(inner)
{
    private static readonly JsonSerializerOptions Compact = CreateCompact();

    public override JsonSerializerOptions JsonSerializerOptions => Compact;

    private static JsonSerializerOptions CreateCompact()
    {
        var options = new JsonSerializerOptions(AIJsonUtilities.DefaultOptions) { WriteIndented = false };
        options.MakeReadOnly();
        return options;
    }
}
