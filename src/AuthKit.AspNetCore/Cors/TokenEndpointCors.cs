using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AuthKit;

/// <summary>
/// The token endpoint's CORS: one policy built from the validated options, evaluated and applied by
/// ASP.NET Core's own <see cref="CorsService"/>, on every answer of the endpoint (see
/// <see cref="TokenEndpointResponseMiddleware"/>), whatever the app's own CORS setup says.
/// </summary>
internal sealed class TokenEndpointCors
{
    public const string RequestPrivateNetwork = "Access-Control-Request-Private-Network";
    public const string AllowPrivateNetwork = "Access-Control-Allow-Private-Network";

    private const string AccessControlPrefix = "Access-Control-";

    private readonly CorsPolicy _policy;
    private readonly ICorsService _cors;
    private readonly RefusedPreflightLog _refused;

    public TokenEndpointCors(IOptions<AuthKitEndpointOptions> options, RefusedPreflightLog refused)
    {
        var settings = options.Value;
        var policy = new CorsPolicyBuilder()
            .WithOrigins([.. settings.AllowedOrigins])
            .WithMethods(HttpMethods.Post)
            .WithHeaders([.. settings.AllowedHeaders])
            .SetPreflightMaxAge(settings.PreflightMaxAge);
        _policy = (settings.AllowCredentials ? policy.AllowCredentials() : policy.DisallowCredentials()).Build();

        // ASP.NET Core's CorsService logs every refused origin, unbounded, at Information; the
        // endpoint logs refused preflights itself, each origin and header name once (RefusedPreflightLog).
        _cors = new CorsService(Microsoft.Extensions.Options.Options.Create(new CorsOptions()), NullLoggerFactory.Instance);
        _refused = refused;
    }

    /// <summary>
    /// Replaces whatever Access-Control-* headers the answer carries with the endpoint's own, for a
    /// request that has an <c>Origin</c>.
    /// </summary>
    public void Apply(HttpContext context)
    {
        var response = context.Response;
        RemoveAccessControlHeaders(response.Headers);
        var result = _cors.EvaluatePolicy(context, _policy);
        _cors.ApplyResult(result, response);
        TokenEndpointHeaders.Apply(response);

        if (!result.IsPreflightRequest)
        {
            return;
        }

        if (!result.IsOriginAllowed)
        {
            _refused.ReportOrigin(context.Request.Headers.Origin.ToString());
            return;
        }

        ReportRefusedHeaders(context.Request);

        // Private Network Access: a public page's frame calling a private address (your backend on
        // localhost or an intranet) asks first; answer yes for the origins allowed anyway.
        if (string.Equals(context.Request.Headers[RequestPrivateNetwork], "true", StringComparison.OrdinalIgnoreCase))
        {
            response.Headers[AllowPrivateNetwork] = "true";
        }
    }

    // The answer lists the allowed headers and the browser refuses the request itself, silently for the
    // server: without this line nothing on the server says why the iframe got no token.
    private void ReportRefusedHeaders(HttpRequest request)
    {
        foreach (var header in request.Headers.GetCommaSeparatedValues(HeaderNames.AccessControlRequestHeaders))
        {
            var name = header.Trim();
            if (name.Length > 0 && !_policy.Headers.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                _refused.ReportHeader(name);
            }
        }
    }

    private static void RemoveAccessControlHeaders(IHeaderDictionary headers)
    {
        List<string>? foreign = null;
        foreach (var name in headers.Keys)
        {
            if (name.StartsWith(AccessControlPrefix, StringComparison.OrdinalIgnoreCase))
            {
                (foreign ??= []).Add(name);
            }
        }

        foreach (var name in foreign ?? [])
        {
            headers.Remove(name);
        }
    }
}
