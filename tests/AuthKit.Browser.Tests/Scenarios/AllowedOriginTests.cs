using AuthKit.Browser.Tests.Harness;
using AuthKit.Testing;

namespace AuthKit.Browser.Tests.Scenarios;

/// <summary>
/// The frontend's <c>baseUrl</c> points at the stand-in for Pica's hosted page on a loopback origin, and that
/// origin is in AuthKit:Endpoint:AllowedOrigins: the iframe, not the customer's page, gets the token.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AllowedOriginTests(BrowserFixture browser)
{
    private const string UserId = "user_browser_42";

    [BrowserFact]
    public async Task The_iframe_gets_the_token_for_the_signed_in_user()
    {
        await using var backend = await TokenBackend.StartAsync(allowedOrigins: [browser.StandInOrigin]);
        await using var customer = await browser.OpenCustomerPageAsync();

        await customer.OpenAuthKitAsync(backend.TokenUrl, TestJwt.Create(UserId), baseUrl: browser.StandInOrigin);
        var outcome = await customer.WaitForOutcomeAsync();

        Assert.True(outcome.Kind == "response", $"The iframe could not read the answer: {outcome}; console: {string.Join(" | ", customer.ConsoleMessages)}");
        Assert.Equal(200, outcome.Status);
        Assert.Equal("no-store", outcome.CacheControl);
        var rows = outcome.BodyJson()["rows"]!.AsArray().Select(row => (PicaId)(long)row!["id"]!).ToArray();
        Assert.Equal(backend.Pica.Connections.Select(c => c.Id).ToArray(), rows);

        var tokenPage = Assert.Single(backend.Pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.TokenPage);
        Assert.Equal(UserId, tokenPage.Identity);
        Assert.Equal("user", tokenPage.IdentityType);
        Assert.True(tokenPage.SecretKeyMatched);
    }
}
