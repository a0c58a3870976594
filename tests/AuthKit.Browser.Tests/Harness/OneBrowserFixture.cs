using System.Security.Cryptography.X509Certificates;
using Microsoft.Playwright;

namespace AuthKit.Browser.Tests.Harness;

/// <summary>
/// The browser on One: a customer page loading the real <c>@withone/auth</c> bundle, the stand-in for One's
/// hosted page served as https://auth.withone.ai (the widget's default), and a headless Chromium that resolves
/// auth.withone.ai to that stand-in.
/// </summary>
public sealed class OneBrowserFixture : IAsyncLifetime
{
    /// <summary>One's hosted auth page: the widget's default and, with AuthKit:Platform=One, the endpoint's default origin.</summary>
    public const string OneHostedOrigin = "https://auth.withone.ai";

    private const string OneHostName = "auth.withone.ai";

    private X509Certificate2? _certificate;
    private StaticSite? _customer;
    private StaticSite? _oneHosted;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async Task InitializeAsync()
    {
        if (!Chromium.IsInstalled)
        {
            return;
        }

        var pages = Path.Combine(AppContext.BaseDirectory, "Pages");
        _customer = await StaticSite.StartAsync(new Dictionary<string, string>
        {
            ["/"] = Path.Combine(pages, "customer-one.html"),
            ["/one-auth/index.umd.js"] = FrontendPackage.OneBundlePath,
        });
        _certificate = TestCertificate.Create(OneHostName);
        _oneHosted = await StaticSite.StartAsync(new Dictionary<string, string> { ["/"] = Path.Combine(pages, "one-hosted.html") }, _certificate);

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
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
                $"--host-resolver-rules=MAP {OneHostName}:443 127.0.0.1:{_oneHosted.Port}",
                "--ignore-certificate-errors",
            ],
        });
    }

    /// <summary>Opens the customer page in a new browser context.</summary>
    internal async Task<CustomerPage> OpenCustomerPageAsync()
    {
        if (_browser is null || _customer is null)
        {
            throw new InvalidOperationException(Chromium.MissingMessage + $" ({Chromium.RequireVariable}=1: a missing browser is a failure.)");
        }

        var context = await _browser.NewContextAsync();
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var customerPage = new CustomerPage(context, page);
        await page.GotoAsync(_customer.Url.ToString());
        return customerPage;
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
        foreach (var site in new[] { _customer, _oneHosted })
        {
            if (site is not null)
            {
                await site.DisposeAsync();
            }
        }

        _certificate?.Dispose();
    }
}
