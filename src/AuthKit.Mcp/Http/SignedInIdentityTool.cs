using System.Text.Json;
using AuthKit.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace AuthKit.Http;

/// <summary>
/// A tool of one MCP session, built for the identity that started it, which runs only for a request of that
/// same identity. In a stateful session the MCP SDK refuses a request whose user id claim differs from the
/// session's (403); an identity resolved otherwise (<see cref="AuthKitEndpointOptions.ResolveIdentity"/>) is
/// checked here, on every call, so a session id never lends its identity to another one.
/// </summary>
internal sealed class SignedInIdentityTool(McpServerTool inner, McpIdentity owner, IHttpContextAccessor requests, ILogger logger)
    : DelegatingMcpServerTool(inner)
{
    public override ValueTask<CallToolResult> InvokeAsync(RequestContext<CallToolRequestParams> request, CancellationToken cancellationToken = default)
    {
        if (McpIdentityGate.Of(requests.HttpContext) is { } caller && caller.IsSameAs(owner))
        {
            return base.InvokeAsync(request, cancellationToken);
        }

        AuthKitMcpLog.SessionOfAnotherIdentity(logger, ProtocolTool.Name);
        return ValueTask.FromResult(new CallToolResult
        {
            IsError = true,
            Content = [new TextContentBlock { Text = Refusal }],
            StructuredContent = RefusalJson,
        });
    }

    private const string Refusal = """{"error":"This MCP session belongs to another signed-in identity: start a new session."}""";

    // As every result of the tools: the same JSON as text and as structured content (an error matches each output schema).
    private static readonly JsonElement RefusalJson = JsonDocument.Parse(Refusal).RootElement.Clone();
}
