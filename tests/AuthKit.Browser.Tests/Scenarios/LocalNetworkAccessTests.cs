using AuthKit.Browser.Tests.Harness;

namespace AuthKit.Browser.Tests.Scenarios;

/// <summary>
/// Local development against the real Pica: the hosted page is on a public origin (here the https://authkit.picaos.com
/// stand-in, marked public with Chromium's --ip-address-space-overrides) and the backend on 127.0.0.1. Chromium's
/// Local Network Access then decides, not CORS. These tests pin what docs/endpoint.md ("CORS and local development") tells a developer about it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class LocalNetworkAccessTests(PublicPicaBrowserFixture browser) : IClassFixture<PublicPicaBrowserFixture>
{
    private const string LoopbackRefusal = "Permission was denied for this request to access the `loopback` address space";

    [BrowserFact]
    public async Task Picas_public_iframe_cannot_reach_a_loopback_backend_and_no_prompt_is_possible()
    {
        await using var backend = await TokenBackend.StartAsync();
        await using var customer = await browser.OpenCustomerPageAsync();

        await customer.OpenAuthKitAsync(backend.TokenUrl, TestJwt.Create("user_local_dev"), baseUrl: null);
        var outcome = await customer.WaitForOutcomeAsync();

        Assert.Equal("fetch-error", outcome.Kind);
        var refusal = await customer.WaitForConsoleMessageAsync(LoopbackRefusal);
        Assert.Contains($"from origin '{BrowserFixture.PicaHostedOrigin}'", refusal);
        // @picahq/authkit 1.0.10 gives its iframe no allow attribute: the permission is not even askable there.
        Assert.Null(await customer.Iframe.GetAttributeAsync("allow"));
        Assert.Equal("denied", outcome.Permissions!["loopback-network"]);
        // Refused inside the browser: not even a preflight reached the backend.
        Assert.Empty(backend.Requests);
        Assert.Empty(backend.Pica.ReceivedRequests);
    }

    [BrowserFact]
    public async Task An_iframe_delegated_loopback_network_could_ask_the_user()
    {
        await using var backend = await TokenBackend.StartAsync();
        await using var customer = await browser.OpenCustomerPageAsync(iframeAllow: "loopback-network");

        await customer.OpenAuthKitAsync(backend.TokenUrl, TestJwt.Create("user_local_dev"), baseUrl: null);
        var outcome = await customer.WaitForOutcomeAsync();

        // 'prompt': a headed Chromium would ask the user here; headless has no prompt UI and refuses.
        Assert.Equal("loopback-network", await customer.Iframe.GetAttributeAsync("allow"));
        Assert.Equal("prompt", outcome.Permissions!["loopback-network"]);
        Assert.Equal("fetch-error", outcome.Kind);
        Assert.Empty(backend.Requests);
    }

    [BrowserFact]
    public async Task Once_allowed_the_iframe_gets_the_token_and_no_private_network_preflight_is_sent()
    {
        await using var backend = await TokenBackend.StartAsync();
        // Granted through DevTools to the top-level page (the customer's): the permission is keyed to it, as when the user clicks Allow.
        await using var customer = await browser.OpenCustomerPageAsync(
            permissions: ["local-network-access"], iframeAllow: "loopback-network", permissionOrigin: browser.CustomerOrigin);

        await customer.OpenAuthKitAsync(backend.TokenUrl, TestJwt.Create("user_local_dev"), baseUrl: null);
        var outcome = await customer.WaitForOutcomeAsync();

        Assert.True(outcome.Kind == "response", $"The iframe could not read the answer: {outcome}; console: {string.Join(" | ", customer.ConsoleMessages)}");
        Assert.Equal(200, outcome.Status);
        var preflight = Assert.Single(backend.Requests, r => r.Method == "OPTIONS");
        Assert.Equal(BrowserFixture.PicaHostedOrigin, preflight.Origin);
        Assert.Equal("", preflight.PrivateNetworkRequest);
    }
}
