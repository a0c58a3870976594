using System.Diagnostics.CodeAnalysis;
using AuthKit;
using AuthKit.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the AuthKit MCP server: the signed-in user's connections and actions as MCP tools.</summary>
public static class AuthKitMcpEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the MCP server of <c>AddAuthKitMcp</c> at <paramref name="pattern"/> (Streamable HTTP, the SDK's
    /// <c>MapMcp</c>), with the AuthKit tools of the request's signed-in user (all six, or the catalogue's three
    /// with <see cref="PicaToolOptions.KnowledgeOnly"/>): <c>tools/list</c> names
    /// them with their input and output schemas, <c>tools/call</c> acts as that user only. Every request is
    /// first given an identity as the token endpoint gives it (<see cref="AuthKitEndpointOptions.ResolveIdentity"/>,
    /// else the signed-in user): without one it is answered 401 problem+json, an identity the platform would not
    /// accept 400, before the MCP server reads it and with nothing sent to the platform. Only servers of this
    /// endpoint get the AuthKit tools (not another <c>MapMcp</c> of the app).
    /// </summary>
    /// <param name="endpoints">The app or a route group.</param>
    /// <param name="pattern">The route, <c>/mcp</c> by default: the URL an MCP client is given.</param>
    /// <returns>The convention builder of the MCP endpoints, to chain <c>.RequireAuthorization()</c>, <c>.RequireRateLimiting(…)</c>, <c>.RequireCors(…)</c>.</returns>
    /// <exception cref="InvalidOperationException"><c>AddAuthKitMcp</c> or <c>AddAuthKit</c> was not called.</exception>
    /// <exception cref="ArgumentException">The tool options of <c>AddAuthKitMcp</c> are invalid (see <see cref="PicaAIToolExtensions.CreateAITools"/>).</exception>
    /// <example><code>app.MapAuthKitMcp("/mcp").RequireAuthorization();</code></example>
    public static IEndpointConventionBuilder MapAuthKitMcp(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern = "/mcp")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        var services = endpoints.ServiceProvider;
        if (services.GetService<McpIdentityGate>() is not { } gate)
        {
            throw new InvalidOperationException(
                "Unable to find the required services. Add them by calling 'services.AddAuthKitMcp()' and 'services.AddAuthKit(...)' in the application startup code before MapAuthKitMcp.");
        }

        // At start, not at the first request: options the tools refuse fail here (ArgumentException), with no identity used.
        _ = services.GetRequiredService<IPicaConnections>().ForIdentity("options-check", IdentityType.User)
            .CreateAITools(services.GetRequiredService<IOptionsMonitor<PicaToolOptions>>().Get(McpSessionTools.OptionsName));

        var mcp = endpoints.MapMcp(pattern);
        mcp.Add(endpoint =>
        {
            if (endpoint.RequestDelegate is { } handler)
            {
                endpoint.RequestDelegate = context => gate.InvokeAsync(context, handler);
            }
        });
        return mcp;
    }
}
