using ModelContextProtocol.Server;

namespace AuthKit;

/// <summary>Gives one identity's AuthKit agent tools to an MCP server.</summary>
public static class PicaMcpToolExtensions
{
    /// <summary>
    /// The identity's tools (<see cref="PicaAIToolExtensions.CreateAITools"/>) as MCP tools. Each one declares its
    /// input schema and, as <c>outputSchema</c>, the shape of its result; <c>tools/call</c> answers the result's
    /// JSON both as text content and as <c>structuredContent</c>, with <c>isError: true</c> when the result is a
    /// refusal or a failure (an object holding <c>error</c>). The annotations mark every tool read-only but
    /// <c>execute_action</c> under <see cref="PicaToolPermissions.Write"/> or <see cref="PicaToolPermissions.Admin"/>
    /// (destructive under <see cref="PicaToolPermissions.Admin"/>): hints for a host's confirmation prompt, as the
    /// tools check the permissions themselves.
    /// </summary>
    /// <param name="connections">The identity's connections (<see cref="IPicaConnections.ForIdentity"/>).</param>
    /// <param name="options">What the tools may do; <see langword="null"/> for the defaults (all of the identity's connections, read only).</param>
    /// <returns>The tools, for <c>WithTools(…)</c> or <see cref="McpServerOptions.ToolCollection"/>.</returns>
    /// <exception cref="ArgumentException">An option is invalid (see <see cref="PicaAIToolExtensions.CreateAITools"/>).</exception>
    public static IReadOnlyList<McpServerTool> CreateMcpTools(this IPicaIdentityConnections connections, PicaToolOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(connections);
        var functions = connections.CreateAITools(options);
        var permissions = (options ?? new PicaToolOptions()).Permissions;
        var tools = new McpServerTool[functions.Count];
        for (var i = 0; i < functions.Count; i++)
        {
            tools[i] = Tools.AuthKitMcpTool.Create(functions[i], permissions);
        }

        return tools;
    }
}
