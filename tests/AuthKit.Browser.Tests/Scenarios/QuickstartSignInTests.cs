using AuthKit.Browser.Tests.Harness;
using AuthKit.Testing;

namespace AuthKit.Browser.Tests.Scenarios;

/// <summary>
/// The README Quickstart's sign-in from the browser: the real @picahq/authkit with
/// <c>token.headers: { "X-Dev-User": "user_123" }</c> against the token endpoint sample as <c>dotnet run</c>
/// starts it (Development, its own appsettings.json, Pica's default origin), and the same in Production,
/// where the development header does not exist.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class QuickstartSignInTests(BrowserFixture browser)
{
    private static readonly KeyValuePair<string, string>[] QuickstartHeaders = [KeyValuePair.Create("X-Dev-User", "user_123")];

    [BrowserFact]
    public async Task In_Development_the_Quickstart_headers_get_the_token_of_user_123()
    {
        await using var sample = await TokenEndpointSample.StartAsync(Environments.Development);
        await using var customer = await browser.OpenCustomerPageAsync();

        await customer.OpenAuthKitAsync(sample.TokenUrl, QuickstartHeaders, baseUrl: null);
        var outcome = await customer.WaitForOutcomeAsync();

        Assert.True(outcome.Kind == "response", $"The iframe could not read the answer: {outcome}; console: {string.Join(" | ", customer.ConsoleMessages)}");
        Assert.Equal(200, outcome.Status);
        var rows = outcome.BodyJson()["rows"]!.AsArray().Select(row => (PicaId)(long)row!["id"]!).ToArray();
        Assert.Equal(sample.Pica.Connections.Select(c => c.Id).ToArray(), rows);
        var tokenPage = Assert.Single(sample.Pica.ReceivedRequests, r => r.Endpoint == PicaEndpoint.TokenPage);
        Assert.Equal(("user_123", "user"), (tokenPage.Identity, tokenPage.IdentityType));
        Assert.DoesNotContain(sample.Logs.GetSnapshot(), r => r.Id.Name == "HeaderRefused");
    }

    [BrowserFact]
    public async Task In_Production_the_browser_refuses_the_header_and_the_sample_logs_which_option_to_set()
    {
        await using var sample = await TokenEndpointSample.StartAsync(Environments.Production);
        await using var customer = await browser.OpenCustomerPageAsync();

        await customer.OpenAuthKitAsync(sample.TokenUrl, QuickstartHeaders, baseUrl: null);
        var outcome = await customer.WaitForOutcomeAsync();

        Assert.Equal("fetch-error", outcome.Kind);
        var refusal = await customer.WaitForConsoleMessageAsync("blocked by CORS policy");
        Assert.Contains("x-dev-user", refusal, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(sample.Pica.ReceivedRequests);
        var logged = Assert.Single(sample.Logs.GetSnapshot(), r => r.Id.Name == "HeaderRefused");
        Assert.Contains("'x-dev-user'", logged.Message);
        Assert.Contains("AuthKit:Endpoint:AllowedHeaders", logged.Message);
    }
}
