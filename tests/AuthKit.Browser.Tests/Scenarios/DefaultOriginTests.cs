using AuthKit.Browser.Tests.Harness;
using AuthKit.Testing;

namespace AuthKit.Browser.Tests.Scenarios;

/// <summary>
/// The default configuration on both sides: the frontend's <c>baseUrl</c> unset (so the iframe is
/// https://authkit.picaos.com, served here by the stand-in through Chromium's host mapping) and
/// AuthKit:Endpoint:AllowedOrigins left at its default.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class DefaultOriginTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task The_iframe_from_Picas_origin_gets_the_token()
    {
        await using var backend = await TokenBackend.StartAsync();
        await using var customer = await browser.OpenCustomerPageAsync();

        await customer.OpenAuthKitAsync(backend.TokenUrl, TestJwt.Create("user_default_7"), baseUrl: null);
        var outcome = await customer.WaitForOutcomeAsync();

        Assert.StartsWith(BrowserFixture.PicaHostedOrigin + "/?data=", await customer.Iframe.EvaluateAsync<string>("frame => frame.src"));
        Assert.True(outcome.Kind == "response", $"The iframe could not read the answer: {outcome}; console: {string.Join(" | ", customer.ConsoleMessages)}");
        Assert.Equal(200, outcome.Status);
        var rows = outcome.BodyJson()["rows"]!.AsArray().Select(row => (PicaId)(long)row!["id"]!).ToArray();
        Assert.Equal(backend.Pica.Connections.Select(c => c.Id).ToArray(), rows);

        Assert.Contains(backend.Requests, r => (r.Method, r.Origin, r.Status) == ("POST", BrowserFixture.PicaHostedOrigin, 200));
        var tokenPage = Assert.Single(backend.Pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.TokenPage);
        Assert.Equal("user_default_7", tokenPage.Identity);
    }
}
