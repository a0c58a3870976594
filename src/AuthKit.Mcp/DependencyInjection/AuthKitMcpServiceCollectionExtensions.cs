using AuthKit;
using AuthKit.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using ModelContextProtocol.AspNetCore;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the AuthKit MCP server of <c>app.MapAuthKitMcp()</c>.</summary>
public static class AuthKitMcpServiceCollectionExtensions
{
    /// <summary>
    /// Registers an MCP server (<c>AddMcpServer().WithHttpTransport()</c>) whose <c>MapAuthKitMcp</c> endpoint
    /// gives each request the tools of its signed-in user (<see cref="PicaMcpToolExtensions.CreateMcpTools"/>
    /// on <see cref="IPicaConnections.ForIdentity"/>), one server for every tenant. Call <c>AddAuthKit</c> too:
    /// the tools use the <see cref="IPicaConnections"/> it registers. The user is resolved as the token endpoint
    /// resolves it: <see cref="AuthKitEndpointOptions.ResolveIdentity"/> when <c>AddAuthKitEndpoint</c> set one,
    /// else the authenticated <c>NameIdentifier</c> or <c>sub</c> claim.
    /// </summary>
    /// <remarks>
    /// The transport is stateless (the SDK's default, which this keeps): each HTTP request resolves its own
    /// user and gets that user's tools, and no session outlives it, so there is no session id for another
    /// user to reuse and any instance behind a load balancer can answer. The tools need nothing a session gives
    /// (no server-to-client requests, no notifications). An app may still choose sessions with
    /// <c>.WithHttpTransport(o =&gt; o.Stateless = false)</c> on the returned builder: each session's tools are
    /// then its starting user's, the SDK refuses (403) a request on the session from another user id, and each
    /// call checks that the request's identity is the session's (a call from another one is an <c>isError</c>
    /// result, with nothing sent to the platform). <c>PerSessionExecutionContext</c> is not supported: the
    /// check needs the calling request.
    /// </remarks>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">What the tools may do (connectors, actions, permissions…); the defaults: all of the user's connections, read only.</param>
    /// <returns>The MCP server builder, to add tools, filters or transport options of the app's own.</returns>
    /// <example>
    /// <code>
    /// builder.Services.AddAuthKit(builder.Configuration.GetSection(AuthKitOptions.SectionName));
    /// builder.Services.AddAuthKitMcp(tools =&gt; tools.Permissions = PicaToolPermissions.Write);
    /// // …
    /// app.MapAuthKitMcp("/mcp").RequireAuthorization();
    /// </code>
    /// </example>
    public static IMcpServerBuilder AddAuthKitMcp(this IServiceCollection services, Action<PicaToolOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddHttpContextAccessor();
        var tools = services.AddOptions<PicaToolOptions>(McpSessionTools.OptionsName);
        if (configure is not null)
        {
            tools.Configure(configure);
        }

        services.TryAddSingleton<McpIdentityGate>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<HttpServerTransportOptions>, McpSessionTools>());
        // Stateless is the SDK's default: not set here, so that an app's own choice holds whatever the order of the calls.
        return services.AddMcpServer().WithHttpTransport();
    }
}
