using AuthKit;
using ModelContextProtocol.Server;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Serves AuthKit agent tools from an MCP server built with <c>AddMcpServer()</c>.</summary>
public static class AuthKitMcpServerBuilderExtensions
{
    /// <summary>
    /// Serves one fixed identity's AuthKit tools (<see cref="PicaMcpToolExtensions.CreateMcpTools"/>) for the
    /// server's whole life: for a server with one user, such as a desktop host's stdio server
    /// (<c>WithStdioServerTransport()</c>). An HTTP server for many users maps <c>MapAuthKitMcp</c> instead,
    /// which gives each request the signed-in user's tools.
    /// </summary>
    /// <param name="builder">The MCP server builder.</param>
    /// <param name="identity">
    /// The identity's connections, asked for whenever the SDK builds the server's options (once for a stdio
    /// server), usually
    /// <c>sp => sp.GetRequiredService&lt;IPicaConnections&gt;().ForIdentity(id, IdentityType.User)</c>.
    /// </param>
    /// <param name="options">What the tools may do; <see langword="null"/> for the defaults (all of the identity's connections, read only).</param>
    /// <returns>The builder, to chain more configuration.</returns>
    /// <example>
    /// <code>
    /// builder.Services.AddAuthKit(builder.Configuration.GetSection(AuthKitOptions.SectionName));
    /// builder.Services.AddMcpServer()
    ///     .WithStdioServerTransport()
    ///     .WithAuthKitTools(sp => sp.GetRequiredService&lt;IPicaConnections&gt;().ForIdentity("user_123", IdentityType.User));
    /// </code>
    /// </example>
    public static IMcpServerBuilder WithAuthKitTools(this IMcpServerBuilder builder, Func<IServiceProvider, IPicaIdentityConnections> identity, PicaToolOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(identity);
        builder.Services.AddOptions<McpServerOptions>().Configure<IServiceProvider>((server, services) =>
        {
            var tools = server.ToolCollection ??= [];
            foreach (var tool in identity(services).CreateMcpTools(options))
            {
                tools.Add(tool);
            }
        });
        return builder;
    }
}
