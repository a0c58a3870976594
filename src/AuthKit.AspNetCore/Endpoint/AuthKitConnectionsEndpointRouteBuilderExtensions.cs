using System.Diagnostics.CodeAnalysis;
using AuthKit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the endpoint your own frontend calls to show and remove the signed-in user's connections.</summary>
public static class AuthKitConnectionsEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>GET <paramref name="pattern"/></c>, a JSON array of the signed-in identity's connections
    /// (resolved as the token endpoint resolves it, <see cref="AuthKitEndpointOptions.ResolveIdentity"/>),
    /// and <c>DELETE <paramref name="pattern"/>/{id}</c>, which removes one of theirs (204) and answers 404
    /// for an id that is not theirs, which Pica never receives. 401 without an identity; errors are
    /// problem+json; every answer carries <c>Cache-Control: no-store</c>. No CORS of its own: your app's applies.
    /// </summary>
    /// <param name="endpoints">The app or a route group.</param>
    /// <param name="pattern">The route, <c>/authkit-connections</c> by default.</param>
    /// <returns>The route group of both endpoints, to chain <c>.RequireAuthorization()</c>, <c>.RequireRateLimiting(…)</c>, <c>.WithTags(…)</c>.</returns>
    /// <exception cref="InvalidOperationException"><c>AddAuthKitEndpoint</c> or <c>AddAuthKit</c> was not called.</exception>
    /// <example><code>app.MapAuthKitConnections().RequireAuthorization();</code></example>
    public static RouteGroupBuilder MapAuthKitConnections(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern = "/authkit-connections")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        EnsureServices(endpoints.ServiceProvider);

        var group = endpoints.MapGroup(pattern);
        group.MapGet(string.Empty, static context => context.RequestServices.GetRequiredService<ConnectionsEndpointHandler>().ListAsync(context))
            .WithMetadata(
                new EndpointNameMetadata("AuthKitListConnections"),
                                new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(List<PicaConnection>), ["application/json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status502BadGateway, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]))
            .WithSummary("The signed-in identity's connections")
            .WithDescription("Every connection the signed-in identity made in the AuthKit modal, as Pica's Vault API reports it.")
            .WithDisplayName($"AuthKit connections GET {pattern}");

        group.MapDelete("{id}", static context => context.RequestServices.GetRequiredService<ConnectionsEndpointHandler>().DeleteAsync(context))
            .WithMetadata(
                new EndpointNameMetadata("AuthKitDeleteConnection"),
                                new ProducesResponseTypeMetadata(StatusCodes.Status204NoContent, null, []),
                new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status404NotFound, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]),
                new ProducesResponseTypeMetadata(StatusCodes.Status502BadGateway, typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), ["application/problem+json"]))
            .WithSummary("Removes one of the signed-in identity's connections")
            .WithDescription("204 when removed; 404 when the identity has no connection with that id (Pica is not asked to delete it).")
            .WithDisplayName($"AuthKit connections DELETE {pattern}/{{id}}");

        return group;
    }

    private static void EnsureServices(IServiceProvider services)
    {
        if (services.GetService<AuthKitEndpointMarker>() is null)
        {
            throw new InvalidOperationException(
                "Unable to find the required services. Add them by calling 'services.AddAuthKitEndpoint()' in the application startup code before MapAuthKitConnections.");
        }

        if (services.GetService<IServiceProviderIsService>() is { } registered && !registered.IsService(typeof(IPicaConnections)))
        {
            throw new InvalidOperationException(
                "Unable to find IPicaConnections. Add it by calling 'services.AddAuthKit(...)' in the application startup code before MapAuthKitConnections.");
        }
    }
}
