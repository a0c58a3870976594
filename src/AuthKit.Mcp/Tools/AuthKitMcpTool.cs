using System.Text.Json;
using Microsoft.Extensions.AI;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AuthKit.Tools;

/// <summary>
/// One AuthKit agent tool as an MCP tool: the SDK's wrapper of the <see cref="AIFunction"/> (its input schema,
/// its <see cref="AIFunctionDeclaration.ReturnJsonSchema"/> as <c>outputSchema</c>, the JSON as text and as
/// <c>structuredContent</c>), with <c>isError</c> set when the result is a refusal or a failure: the tools
/// answer those with an object holding <c>error</c>, which the SDK alone would report as a success.
/// </summary>
internal sealed class AuthKitMcpTool : DelegatingMcpServerTool
{
    private AuthKitMcpTool(McpServerTool inner)
        : base(inner)
    {
    }

    public static AuthKitMcpTool Create(AIFunction function, PicaToolPermissions permissions)
    {
        var executes = function.Name == PicaToolNames.ExecuteAction;
        return new AuthKitMcpTool(McpServerTool.Create(new CompactJsonFunction(function), new McpServerToolCreateOptions
        {
            UseStructuredContent = true,
            // Hints for the host's confirmation UI; the tools enforce the permissions themselves.
            ReadOnly = !executes || permissions == PicaToolPermissions.Read,
            Destructive = executes && permissions == PicaToolPermissions.Admin,
            OpenWorld = executes,
        }));
    }

    public override async ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        var result = await base.InvokeAsync(request, cancellationToken).ConfigureAwait(false);
        if (IsErrorObject(result))
        {
            result.IsError = true;
        }

        return result;
    }

    private static bool IsErrorObject(CallToolResult result)
    {
        if (result.StructuredContent is { ValueKind: JsonValueKind.Object } structured)
        {
            return structured.TryGetProperty("error", out _);
        }

        // Without structured content (a host that strips it), the text is the same JSON.
        if (result.Content is [TextContentBlock { Text: { } text }])
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                return document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out _);
            }
            catch (JsonException)
            {
                return false;
            }
        }

        return false;
    }
}
