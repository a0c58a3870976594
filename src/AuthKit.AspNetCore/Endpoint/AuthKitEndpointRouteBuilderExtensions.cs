using System.Diagnostics.CodeAnalysis;
using AuthKit;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Maps the AuthKit token endpoint that Pica's AuthKit modal calls.</summary>
public static class AuthKitEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps <c>POST <paramref name="pattern"/></c>, which answers the AuthKit token of the signed-in user
    /// (see <see cref="AuthKitEndpointOptions.ResolveIdentity"/>), and its CORS preflight, with the CORS of
    /// <see cref="AuthKitEndpointOptions"/> on every answer. Errors are problem+json: 401 without an
    /// identity, 400 for an identity Pica would not accept, 502 when Pica refuses or fails. The POST
    /// describes itself to ASP.NET Core's OpenAPI (<c>AddOpenApi()</c>): its answers, a summary and the tag
    /// <c>AuthKit</c>; the preflight stays out of the document.
    /// </summary>
    /// <param name="endpoints">The app or a route group.</param>
    /// <param name="pattern">The route, <c>/authkit-token</c> by default: the frontend's <c>linkTokenEndpoint</c>.</param>
    /// <returns>
    /// The convention builder of the <c>POST</c> endpoint, to chain <c>.RequireAuthorization()</c>,
    /// <c>.RequireRateLimiting(…)</c>, <c>.WithTags(…)</c>. The preflight endpoint is not affected by
    /// them (it allows anonymous requests, as a browser's preflight never carries credentials).
    /// </returns>
    /// <exception cref="InvalidOperationException"><c>AddAuthKitEndpoint</c> or <c>AddAuthKit</c> was not called.</exception>
    /// <example>
    /// <code>
    /// builder.Services.AddAuthKit(builder.Configuration.GetSection(AuthKitOptions.SectionName));
    /// builder.Services.AddAuthKitEndpoint(builder.Configuration.GetSection(AuthKitEndpointOptions.SectionName));
    /// // …
    /// app.MapAuthKitToken().RequireAuthorization();
    /// </code>
    /// </example>
    public static IEndpointConventionBuilder MapAuthKitToken(this IEndpointRouteBuilder endpoints, [StringSyntax("Route")] string pattern = "/authkit-token")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(pattern);
        EnsureServices(endpoints.ServiceProvider);

        // Only a CORS preflight selects this one: for a plain POST both match and the lower Order wins.
        endpoints.Map(pattern, static context =>
            {
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                return Task.CompletedTask;
            })
            .WithMetadata(new HttpMethodMetadata([HttpMethods.Post], acceptCorsPreflight: true), TokenEndpointMetadata.Instance)
            .AllowAnonymous()
            .ExcludeFromDescription()
            .WithDisplayName($"AuthKit token CORS preflight {pattern}")
            .Add(static builder =>
            {
                if (builder is RouteEndpointBuilder route)
                {
                    route.Order = 1;
                }
            });

        // Not MapPost: its method metadata would let a group's RequireCors(…) make the POST take preflights.
        var post = endpoints.Map(pattern, static context => context.RequestServices.GetRequiredService<TokenEndpointHandler>().HandleAsync(context))
            .WithMetadata(PostWithoutPreflightMetadata.Instance, TokenEndpointMetadata.Instance)
            .WithDisplayName($"AuthKit token {pattern}");
        TokenEndpointDescription.Describe(post);
        return post;
    }

    private static void EnsureServices(IServiceProvider services)
    {
        if (services.GetService<AuthKitEndpointMarker>() is null)
        {
            throw new InvalidOperationException(
                "Unable to find the required services. Add them by calling 'services.AddAuthKitEndpoint()' in the application startup code before MapAuthKitToken.");
        }

        if (services.GetService<IServiceProviderIsService>() is { } registered && !registered.IsService(typeof(IAuthKitToken)))
        {
            throw new InvalidOperationException(
                "Unable to find IAuthKitToken. Add it by calling 'services.AddAuthKit(...)' in the application startup code before MapAuthKitToken.");
        }
    }
}
