using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AuthKit.Tests.TestSupport;

/// <summary>
/// The tests' authentication: <c>X-Test-User: id</c> signs in user <c>id</c> (claim NameIdentifier),
/// <c>X-Test-Team: team</c> adds a <c>team</c> claim. Stands in for the app's real scheme.
/// </summary>
internal sealed class TestUser(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Test";
    public const string Header = "X-Test-User";
    public const string TeamHeader = "X-Test-Team";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (Request.Headers[Header].ToString() is not { Length: > 0 } id)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        var claims = new List<Claim> { new(ClaimTypes.NameIdentifier, id) };
        if (Request.Headers[TeamHeader].ToString() is { Length: > 0 } team)
        {
            claims.Add(new Claim("team", team));
        }

        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName)));
    }
}
