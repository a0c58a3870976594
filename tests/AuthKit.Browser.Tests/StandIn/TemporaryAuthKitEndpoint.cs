using System.Security.Claims;
using AuthKit;

namespace AuthKit.Browser.Tests.StandIn;

// TEMPORARY: stands in for src/AuthKit.AspNetCore (issue 8, built on branch issue-8) so that the browser
// harness can be proven before that package exists. Same names and shape as the real API; this folder is
// deleted when the real MapAuthKitToken is merged in, and the tests then run against the real thing.

/// <summary>Stand-in for the real <c>AuthKit.AuthKitEndpointOptions</c>.</summary>
public sealed class AuthKitEndpointOptions
{
    public IReadOnlyList<string> AllowedOrigins { get; set; } = ["https://authkit.picaos.com"];

    public IReadOnlyList<string> AllowedHeaders { get; set; } = ["Authorization", "Content-Type"];
}

/// <summary>Stand-in for the real <c>AddAuthKitEndpoint</c> / <c>MapAuthKitToken</c>.</summary>
public static class TemporaryAuthKitEndpoint
{
    private const string PolicyName = "AuthKitTokenStandIn";

    public static void AddAuthKitEndpoint(this IServiceCollection services, IConfiguration section)
    {
        var options = new AuthKitEndpointOptions();
        if (section.GetSection("AllowedOrigins").Get<string[]>() is { } origins)
        {
            options.AllowedOrigins = origins;
        }

        services.AddCors(cors => cors.AddPolicy(PolicyName, policy => policy
            .WithOrigins([.. options.AllowedOrigins])
            .WithMethods("POST")
            .WithHeaders([.. options.AllowedHeaders])));
        services.AddTransient<IStartupFilter, NoStoreFilter>();
    }

    public static RouteHandlerBuilder MapAuthKitToken(this WebApplication app, string pattern = "/authkit-token")
    {
        return app.MapPost(pattern, async (HttpContext http, IAuthKitToken authKit, CancellationToken cancellationToken) =>
        {
            var identity = http.User.FindFirstValue(ClaimTypes.NameIdentifier) ?? http.User.FindFirstValue("sub");
            if (string.IsNullOrEmpty(identity))
            {
                return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Not signed in");
            }

            try
            {
                return Results.Ok(await authKit.CreateAsync(new AuthKitTokenRequest { Identity = identity, IdentityType = IdentityType.User }, cancellationToken));
            }
            catch (AuthKitApiException ex)
            {
                return Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Pica refused the token request",
                    extensions: new Dictionary<string, object?> { ["picaStatus"] = (int)ex.StatusCode });
            }
            catch (AuthKitException)
            {
                return Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Pica is unavailable");
            }
        }).RequireCors(PolicyName);
    }

    // First in the pipeline, so that the authentication challenge's 401 gets it too.
    private sealed class NoStoreFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers.CacheControl = "no-store";
                    return Task.CompletedTask;
                });
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
