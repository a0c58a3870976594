using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;

namespace AuthKit.Sample.TokenEndpoint;

/// <summary>
/// For trying the sample with curl, in the Development environment only: the header
/// <c>X-Dev-User: user_123</c> signs in <c>user_123</c>; the header repeated, or naming two users, is a
/// 401. Without the header, requests go to JWT bearer as in production. Never registered outside Development: there the header does nothing.
/// </summary>
public sealed class DevelopmentSignIn(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    /// <summary>The authentication scheme's name.</summary>
    public const string SchemeName = "DevelopmentSignIn";

    /// <summary>The header that names the user.</summary>
    public const string Header = "X-Dev-User";

    /// <summary>
    /// Adds the scheme and makes it the default; requests without <see cref="Header"/> are forwarded to
    /// JWT bearer, so a real token works in Development too. The endpoint's CORS allows the header as well
    /// (next to the configured <c>AuthKit:Endpoint:AllowedHeaders</c>), so that the frontend's
    /// <c>token.headers: { "X-Dev-User": "user_123" }</c> works from the browser.
    /// </summary>
    /// <param name="authentication">The app's authentication builder.</param>
    public static void Add(AuthenticationBuilder authentication)
    {
        authentication.Services.Configure<AuthenticationOptions>(o => o.DefaultScheme = SchemeName);

        // After AddAuthKitEndpoint's own post-configuration, which fills in the default headers: the
        // header is added to them, never in place of them, and only where the sign-in exists.
        authentication.Services.PostConfigure<AuthKitEndpointOptions>(o =>
        {
            if (!o.AllowedHeaders.Contains(Header, StringComparer.OrdinalIgnoreCase))
            {
                o.AllowedHeaders.Add(Header);
            }
        });
        authentication.AddScheme<AuthenticationSchemeOptions, DevelopmentSignIn>(SchemeName, o =>
            o.ForwardDefaultSelector = context => context.Request.Headers.ContainsKey(Header) ? null : JwtBearerDefaults.AuthenticationScheme);
    }

    /// <inheritdoc />
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var values = Request.Headers[Header];
        if (values.Count == 0 || (values.Count == 1 && string.IsNullOrEmpty(values[0])))
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        // Two header lines, or one listing two users: joined, they would sign in "user_123,user_456",
        // one identity made of two. Nobody is signed in instead (401).
        if (values.Count > 1 || values[0] is not { } user || user.Contains(',', StringComparison.Ordinal))
        {
            return Task.FromResult(AuthenticateResult.Fail($"The {Header} header must name exactly one user, once."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, user)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }
}
