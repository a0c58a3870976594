using System.Net;
using System.Security.Claims;
using AuthKit.AspNetCore.Tests.TestSupport;
using AuthKit.Testing;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace AuthKit.AspNetCore.Tests.Identity;

/// <summary>Who the token is for: the signed-in user by default, or what the app's resolver says.</summary>
public sealed class IdentityResolverTests : IDisposable
{
    private readonly PicaEmulator _pica = PicaEmulator.Start().SeedConnections(2, seed: 83);

    public void Dispose() => _pica.Dispose();

    private (string? Identity, string? Type)[] IdentitiesSentToPica() =>
        [.. _pica.ReceivedRequests.Where(r => r.Endpoint == PicaEndpoint.TokenPage).Select(r => (r.Identity, r.IdentityType))];

    [Fact]
    public async Task A_resolver_for_a_team_identity_reaches_Pica_as_a_team()
    {
        await using var app = await TokenApp.StartAsync(_pica, services: b => b.Services.AddAuthKitEndpoint().Configure(o =>
            o.ResolveIdentity = context => ValueTask.FromResult(context.User.FindFirst("team")?.Value is { } team
                ? new AuthKitTokenRequest { Identity = team, IdentityType = IdentityType.Team }
                : null)));

        using var team = await app.Client.SendAsync(Requests.Token("user_1", team: "team_7"));
        using var none = await app.Client.SendAsync(Requests.Token("user_1"));

        Assert.Equal(HttpStatusCode.OK, team.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal([("team_7", "team")], IdentitiesSentToPica());
    }

    [Fact]
    public async Task The_default_takes_the_sub_claim_when_there_is_no_NameIdentifier()
    {
        await using var app = await TokenApp.StartAsync(_pica, services: b =>
            b.Services.AddAuthentication().AddScheme<AuthenticationSchemeOptions, SubjectOnly>("sub-only", null),
            pipeline: a => a.MapAuthKitToken().RequireAuthorization(p => p.AddAuthenticationSchemes("sub-only").RequireAuthenticatedUser()));

        using var response = await app.Client.SendAsync(Requests.Token(user: null));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([("subject_9", "user")], IdentitiesSentToPica());
    }

    [Fact]
    public async Task The_default_ignores_claims_of_an_unauthenticated_identity()
    {
        await using var app = await TokenApp.StartAsync(_pica, pipeline: a =>
        {
            a.Use((context, next) =>
            {
                // A principal someone built from request data, not signed in: no authentication type.
                context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, "forged")]));
                return next(context);
            });
            a.MapAuthKitToken();
        });

        using var response = await app.Client.SendAsync(Requests.Token(user: null));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty(_pica.ReceivedRequests);
    }

    private sealed class SubjectOnly(Microsoft.Extensions.Options.IOptionsMonitor<AuthenticationSchemeOptions> options, Microsoft.Extensions.Logging.ILoggerFactory logger, System.Text.Encodings.Web.UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync() =>
            Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(
                new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", "subject_9"), new Claim(ClaimTypes.Name, "Ann")], "sub-only")), "sub-only")));
    }
}
