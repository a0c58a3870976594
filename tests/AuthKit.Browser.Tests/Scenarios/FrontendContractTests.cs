using AuthKit.Browser.Tests.Harness;

namespace AuthKit.Browser.Tests.Scenarios;

/// <summary>
/// What @picahq/authkit 1.0.10's <c>open()</c> does, which the endpoint's design rests on: it puts an iframe
/// from <c>baseUrl</c> on the page and hands it the token URL and <c>token.headers</c>, both in the iframe's
/// URL (<c>?data=</c>, base64 JSON) and in a message posted to the iframe once it has loaded.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class FrontendContractTests(BrowserFixture browser)
{
    [BrowserFact]
    public async Task Open_hands_the_token_url_and_headers_to_an_iframe_from_baseUrl()
    {
        await using var backend = await TokenBackend.StartAsync(allowedOrigins: [browser.StandInOrigin]);
        await using var customer = await browser.OpenCustomerPageAsync();
        var bearer = TestJwt.Create("user_browser_42");

        await customer.OpenAuthKitAsync(backend.TokenUrl, bearer, baseUrl: browser.StandInOrigin);
        var message = await customer.WaitForPostedMessageAsync();

        var src = new Uri(await customer.Iframe.EvaluateAsync<string>("frame => frame.src"));
        Assert.Equal(browser.StandInOrigin, src.GetLeftPart(UriPartial.Authority));
        Assert.Null(await customer.Iframe.GetAttributeAsync("allow"));
        var data = System.Text.Json.Nodes.JsonNode.Parse(Convert.FromBase64String(
            System.Web.HttpUtility.ParseQueryString(src.Query)["data"]!))!;
        Assert.Equal(backend.TokenUrl.ToString(), (string)data["linkTokenEndpoint"]!);
        Assert.Equal("Bearer " + bearer, (string)data["linkHeaders"]!["Authorization"]!);

        Assert.Equal(browser.CustomerOrigin, (string)message["origin"]!);
        Assert.Equal(backend.TokenUrl.ToString(), (string)message["data"]!["linkTokenEndpoint"]!);
        Assert.Equal("Bearer " + bearer, (string)message["data"]!["linkHeaders"]!["Authorization"]!);
    }
}
