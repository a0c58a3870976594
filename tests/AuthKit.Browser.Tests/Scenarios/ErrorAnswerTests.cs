using AuthKit.Browser.Tests.Harness;
using AuthKit.Testing;

namespace AuthKit.Browser.Tests.Scenarios;

/// <summary>
/// Error answers reach the iframe as answers it can read (a status and a body), not as CORS failures, so that
/// Pica's page can tell "not signed in" from "Pica is down" from "blocked".
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ErrorAnswerTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task Without_the_Authorization_header_the_iframe_reads_401()
    {
        await using var backend = await TokenBackend.StartAsync(allowedOrigins: [browser.StandInOrigin]);
        await using var customer = await browser.OpenCustomerPageAsync();

        await customer.OpenAuthKitAsync(backend.TokenUrl, bearerToken: null, baseUrl: browser.StandInOrigin);
        var outcome = await customer.WaitForOutcomeAsync();

        Assert.True(outcome.Kind == "response", $"The iframe could not read the answer: {outcome}; console: {string.Join(" | ", customer.ConsoleMessages)}");
        Assert.Equal(401, outcome.Status);
        Assert.Equal("no-store", outcome.CacheControl);
        Assert.Empty(backend.Pica.ReceivedRequests);
    }

    [BrowserFact]
    public async Task When_Pica_fails_the_iframe_reads_502_problem_without_the_key()
    {
        await using var backend = await TokenBackend.StartAsync(allowedOrigins: [browser.StandInOrigin]);
        backend.Pica.FailPage(1, PicaFault.Unauthorized(), times: int.MaxValue);
        await using var customer = await browser.OpenCustomerPageAsync();

        await customer.OpenAuthKitAsync(backend.TokenUrl, TestJwt.Create("user_browser_42"), baseUrl: browser.StandInOrigin);
        var outcome = await customer.WaitForOutcomeAsync();

        Assert.True(outcome.Kind == "response", $"The iframe could not read the answer: {outcome}; console: {string.Join(" | ", customer.ConsoleMessages)}");
        Assert.Equal(502, outcome.Status);
        Assert.StartsWith("application/problem+json", outcome.ContentType);
        Assert.Equal("no-store", outcome.CacheControl);
        Assert.Equal(401, (int)outcome.BodyJson()["picaStatus"]!);
        Assert.DoesNotContain(backend.Pica.SecretKey, outcome.Body);
        Assert.DoesNotContain("Fault injected", outcome.Body);

        // The failure came from Pica, after the user's identity reached it.
        Assert.Contains(backend.Pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.TokenPage && r.Identity == "user_browser_42");
    }
}
