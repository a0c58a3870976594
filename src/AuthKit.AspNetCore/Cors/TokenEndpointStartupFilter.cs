using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit;

/// <summary>
/// Puts <see cref="TokenEndpointResponseMiddleware"/> in front of the app's own pipeline (routing,
/// exception handler, CORS, authentication, authorization, rate limiting), so that it sees every
/// answer of the token endpoint without the app placing it.
/// </summary>
internal sealed class TokenEndpointStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        var cors = app.ApplicationServices.GetRequiredService<TokenEndpointCors>();
        app.Use(inner => new TokenEndpointResponseMiddleware(inner, cors).InvokeAsync);
        next(app);
    };
}
