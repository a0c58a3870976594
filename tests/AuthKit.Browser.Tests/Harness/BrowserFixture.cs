using System.Security.Cryptography.X509Certificates;
using Microsoft.Playwright;

namespace AuthKit.Browser.Tests.Harness;

/// <summary>
/// What every browser test shares, started once: the customer's page (loading the real @picahq/authkit bundle),
/// the stand-in for Pica's hosted page on its own loopback origin and again as https://authkit.picaos.com,
/// and one headless Chromium that resolves authkit.picaos.com to that HTTPS stand-in. Each test gets a new
/// browser context (<see cref="OpenCustomerPageAsync"/>) and its own backend.
/// </summary>
public class BrowserFixture : IAsyncLifetime
{
    /// <summary>Pica's hosted AuthKit page: the frontend's default <c>baseUrl</c> and the endpoint's default allowed origin.</summary>
    public const string PicaHostedOrigin = "https://authkit.picaos.com";

    private const string PicaHostName = "authkit.picaos.com";

    private X509Certificate2? _certificate;
    private StaticSite? _customer;
    private StaticSite? _standIn;
    private StaticSite? _picaHosted;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The sign-in whose bearer tokens the backends accept.</summary>

    /// <summary>The stand-in for Pica's hosted page on its own loopback origin, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash: an origin).</summary>
    public string StandInOrigin => Started(_standIn).Url.GetLeftPart(UriPartial.Authority);

    /// <summary>The customer page's origin.</summary>
    public string CustomerOrigin => Started(_customer).Url.GetLeftPart(UriPartial.Authority);

    /// <summary>
    /// Whether Chromium treats the https://authkit.picaos.com stand-in as a public address (as the real one is)
    /// rather than as the loopback address it listens on: then its requests to a loopback backend are
    /// Local Network Access requests.
    /// </summary>
    protected virtual bool PicaHostedIsPublic => false;

    public async Task InitializeAsync()
    {
        if (!Chromium.IsInstalled)
        {
            // The tests are skipped then, or with AUTHKIT_REQUIRE_BROWSER=1 fail in OpenCustomerPageAsync.
            return;
        }

        var pages = Path.Combine(AppContext.BaseDirectory, "Pages");
        var hosted = new Dictionary<string, string> { ["/"] = Path.Combine(pages, "hosted.html") };
        _customer = await StaticSite.StartAsync(new Dictionary<string, string>
        {
            ["/"] = Path.Combine(pages, "customer.html"),
            ["/authkit/index.umd.js"] = FrontendPackage.BundlePath,
        });
        _standIn = await StaticSite.StartAsync(hosted);
        _certificate = TestCertificate.Create(PicaHostName);
        _picaHosted = await StaticSite.StartAsync(hosted, _certificate);

        _playwright = await Playwright.CreateAsync();
        string[] addressSpace = PicaHostedIsPublic ? [$"--ip-address-space-overrides=127.0.0.1:{_picaHosted.Port}=public"] : [];
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            // Playwright gives each launch a fresh temporary profile (--user-data-dir is its own to set).
            Args =
            [
                .. addressSpace,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                $"--host-resolver-rules=MAP {PicaHostName}:443 127.0.0.1:{_picaHosted.Port}",
                "--ignore-certificate-errors",
            ],
        });
    }

    /// <summary>Opens the customer page in a new browser context (its own cookies and cache).</summary>
    /// <param name="permissions">Permissions granted to the context, e.g. <c>local-network-access</c>.</param>
    /// <param name="permissionOrigin">The origin <paramref name="permissions"/> are granted to; <see langword="null"/> for every origin.</param>
    /// <param name="iframeAllow">When set, the customer page gives every iframe it creates this <c>allow</c> attribute (what @picahq/authkit 1.0.10 does not do).</param>
    internal async Task<CustomerPage> OpenCustomerPageAsync(IEnumerable<string>? permissions = null, string? iframeAllow = null, string? permissionOrigin = null)
    {
        if (_browser is null)
        {
            throw new InvalidOperationException(Chromium.MissingMessage + $" ({Chromium.RequireVariable}=1: a missing browser is a failure.)");
        }

        var context = await _browser.NewContextAsync();
        context.SetDefaultTimeout(30_000);
        if (permissions is not null)
        {
            await context.GrantPermissionsAsync(permissions, new() { Origin = permissionOrigin });
        }

        var page = await context.NewPageAsync();
        if (iframeAllow is not null)
        {
            // The attribute must be there before @picahq/authkit sets the iframe's src: set on #event-link
            // right after open() returns, even in the same task, it no longer applies to that navigation.
            await page.AddInitScriptAsync($$"""
                (() => {
                  const create = Document.prototype.createElement;
                  Document.prototype.createElement = function (name, options) {
                    const element = create.call(this, name, options);
                    if (String(name).toLowerCase() === 'iframe') element.setAttribute('allow', {{System.Text.Json.JsonSerializer.Serialize(iframeAllow)}});
                    return element;
                  };
                })();
                """);
        }

        var customerPage = new CustomerPage(context, page);
        await page.GotoAsync(Started(_customer).Url.ToString());
        return customerPage;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        foreach (var site in new[] { _customer, _standIn, _picaHosted })
        {
            if (site is not null)
            {
                await site.DisposeAsync();
            }
        }

        _certificate?.Dispose();
    }

    private static StaticSite Started(StaticSite? site) =>
        site ?? throw new InvalidOperationException(Chromium.MissingMessage);
}
