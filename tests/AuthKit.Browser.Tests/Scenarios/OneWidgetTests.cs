using System.Text.Json.Nodes;
using AuthKit.Browser.Tests.Harness;
using Microsoft.Playwright;

namespace AuthKit.Browser.Tests.Scenarios;

/// <summary>
/// One's real widget, <c>@withone/auth</c> 1.1.4, on a customer page with <c>token.url</c> and <c>token.headers</c>
/// as One's README shows, against the token endpoint sample with <c>AuthKit__Platform=One</c>: the stand-in for
/// One's hosted page (https://auth.withone.ai) asks for page 1 and page 2 with <c>page</c> and <c>limit</c>, each is
/// answered after one request to the platform, and the success message reaches <c>onSuccess</c>.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OneWidgetTests(OneBrowserFixture browser) : IClassFixture<OneBrowserFixture>
{
    private static readonly KeyValuePair<string, string>[] QuickstartHeaders = [KeyValuePair.Create("X-Dev-User", "user_123")];

    [BrowserFact]
    public async Task Ones_widget_gets_pages_1_and_2_from_the_sample_and_onSuccess_gets_the_connection()
    {
        await using var sample = await TokenEndpointSample.StartAsync(Environments.Development, AuthKitPlatform.One);
        await using var customer = await browser.OpenCustomerPageAsync();

        await customer.OpenAuthKitAsync(sample.TokenUrl, QuickstartHeaders, baseUrl: null);
        var success = customer.Page.Locator("#success[data-received]");
        await success.WaitForAsync(new() { State = WaitForSelectorState.Attached, Timeout = 30_000 });
        var outcome = JsonNode.Parse(await customer.Page.FrameLocator("iframe#event-link").Locator("#outcome[data-kind]").TextContentAsync() ?? "")!;

        // Both pages answered, each as the platform sent it, after one platform request each.
        Assert.True(outcome["kind"]!.GetValue<string>() == "pages", $"The stand-in could not page: {outcome}; console: {string.Join(" | ", customer.ConsoleMessages)}");
        var pages = outcome["pages"]!.AsArray().Select(p => JsonNode.Parse(p!["body"]!.GetValue<string>())!).ToArray();
        Assert.All(outcome["pages"]!.AsArray(), p => Assert.Equal(200, p!["status"]!.GetValue<int>()));
        Assert.Equal([1, 2], pages.Select(p => p["page"]!.GetValue<int>()));
        Assert.All(pages, p => Assert.Equal(2, p["pages"]!.GetValue<int>()));
        var rows = pages.SelectMany(p => p["rows"]!.AsArray().Select(r => (PicaId)r!["id"]!.GetValue<long>())).ToArray();
        Assert.Equal(sample.Pica.Connections.Select(c => c.Id).ToArray(), rows);

        var sent = sample.Pica.ReceivedRequests;
        Assert.Equal([(1, 2), (2, 2)], sent.Select(r => (r.Page ?? 0, r.Limit ?? 0)));
        Assert.All(sent, r => Assert.Equal(("/v1/authkit/token", "user_123"), (r.Path, r.Identity)));
        Assert.All(sent, r => Assert.DoesNotContain(r.HeaderNames, n => n.StartsWith("x-pica", StringComparison.OrdinalIgnoreCase)));

        // The success message the hosted page posted, as onSuccess received it.
        var connection = JsonNode.Parse(await success.TextContentAsync() ?? "")!;
        Assert.Equal(("conn_from_stand_in", "user_123"), (connection["_id"]!.GetValue<string>(), connection["identity"]!.GetValue<string>()));
    }
}
