using AuthKit.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Server;

namespace AuthKit.Http;

/// <summary>
/// Gives each MCP server the SDK creates (one per request when stateless, one per session when stateful) the
/// tools of the identity its request passed <see cref="McpIdentityGate"/> with. Chained after any
/// <see cref="HttpServerTransportOptions.ConfigureSessionOptions"/> of the app's own, which keeps working. A
/// server created for a request that did not pass the gate (a plain <c>MapMcp</c> of the same app) gets none.
/// </summary>
internal sealed class McpSessionTools(IOptionsMonitor<PicaToolOptions> toolOptions, IHttpContextAccessor requests, ILoggerFactory loggerFactory)
    : IPostConfigureOptions<HttpServerTransportOptions>
{
    public const string OptionsName = "AuthKit.Mcp";

    private readonly ILogger _logger = loggerFactory.CreateLogger(AuthKitMcpLog.Category);

    public void PostConfigure(string? name, HttpServerTransportOptions options)
    {
        var theirs = options.ConfigureSessionOptions;
        options.ConfigureSessionOptions = async (context, server, cancellationToken) =>
        {
            if (theirs is not null)
            {
                await theirs(context, server, cancellationToken).ConfigureAwait(false);
            }

            AddTools(context, server);
        };
    }

    private void AddTools(HttpContext context, McpServerOptions server)
    {
        if (McpIdentityGate.Of(context) is not { } identity)
        {
            return;
        }

        // A collection of this server's own: the one the options hold may be shared by every server.
        var tools = new McpServerPrimitiveCollection<McpServerTool>();
        foreach (var tool in identity.Connections.CreateMcpTools(toolOptions.Get(OptionsName)))
        {
            tools.Add(new SignedInIdentityTool(tool, identity, requests, _logger));
        }

        foreach (var tool in server.ToolCollection ?? [])
        {
            tools.TryAdd(tool);
        }

        server.ToolCollection = tools;
    }
}
