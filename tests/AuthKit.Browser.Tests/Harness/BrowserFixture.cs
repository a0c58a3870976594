using System.Security.Cryptography.X509Certificates;
using Microsoft.Playwright;

namespace AuthKit.Browser.Tests.Harness;

/// <summary>
/// What every browser test shares, started once: the customer's page (loading the real @picahq/authkit bundle),
/// the stand-in for Pica's hosted page on its own loopback origin and again as https://authkit.picaos.com,
/// and one headless Chromium that resolves authkit.picaos.com to that HTTPS stand-in. Each test gets a new
/// browser context (<see cref="OpenCustomerPageAsync"/>) and its own backend.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
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
    internal TestJwt Jwt { get; } = new();

    /// <summary>The stand-in for Pica's hosted page on its own loopback origin, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash: an origin).</summary>
    public string StandInOrigin => Started(_standIn).Url.GetLeftPart(UriPartial.Authority);

    /// <summary>The customer page's origin.</summary>
    public string CustomerOrigin => Started(_customer).Url.GetLeftPart(UriPartial.Authority);

    public async Task InitializeAsync()
    {
        if (!Chromium.IsInstalled)
        {
            // Skipped tests never get here; with AUTHKIT_REQUIRE_BROWSER=1 the tests fail in OpenCustomerPageAsync.
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
        _certificate = LoopbackCertificate.Create(PicaHostName);
        _picaHosted = await StaticSite.StartAsync(hosted, _certificate);

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            // Playwright gives each launch a fresh temporary profile (--user-data-dir is its own to set).
            Args =
            [
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
    internal async Task<CustomerPage> OpenCustomerPageAsync()
    {
        if (_browser is null)
        {
            throw new InvalidOperationException(Chromium.MissingMessage + $" ({Chromium.RequireVariable}=1: a missing browser is a failure.)");
        }

        var context = await _browser.NewContextAsync();
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
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
