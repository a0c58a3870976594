using AuthKit.Browser.Tests.Harness;

namespace AuthKit.Browser.Tests.Scenarios;

/// <summary>
/// The iframe's origin is not in AuthKit:Endpoint:AllowedOrigins. Here the customer page's own origin is
/// allowed instead, the mistake the old sample made: the request comes from Pica's iframe, not from the page.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class RefusedOriginTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task The_browser_blocks_the_iframe_and_nothing_reaches_Pica()
    {
        await using var backend = await TokenBackend.StartAsync(allowedOrigins: [browser.CustomerOrigin]);
        await using var customer = await browser.OpenCustomerPageAsync();

        await customer.OpenAuthKitAsync(backend.TokenUrl, TestJwt.Create("user_browser_42"), baseUrl: browser.StandInOrigin);
        var outcome = await customer.WaitForOutcomeAsync();

        // What the iframe saw: no answer at all, and Chromium says why.
        Assert.Equal("fetch-error", outcome.Kind);
        Assert.Contains("Failed to fetch", outcome.Error);
        var refusal = await customer.WaitForConsoleMessageAsync("blocked by CORS policy");
        Assert.Contains($"from origin '{browser.StandInOrigin}'", refusal);

        // What the servers saw: the preflight from the iframe's origin, refused and logged; no POST, no call to Pica.
        var preflight = Assert.Single(backend.Requests);
        Assert.Equal(("OPTIONS", browser.StandInOrigin), (preflight.Method, preflight.Origin));
        Assert.Empty(backend.Pica.ReceivedRequests);
        var logged = Assert.Single(backend.Logs.GetSnapshot(), log => log.Category == "AuthKit.AspNetCore.TokenEndpoint");
        Assert.Equal((LogLevel.Warning, "OriginRefused"), (logged.Level, logged.Id.Name));
        Assert.Contains($"'{browser.StandInOrigin}'", logged.Message);
    }
}
