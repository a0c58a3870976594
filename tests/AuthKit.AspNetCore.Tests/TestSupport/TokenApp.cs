using System.Net;
using AuthKit.Testing;
using AuthKit.Tests.TestSupport;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace AuthKit.AspNetCore.Tests.TestSupport;

/// <summary>
/// A real app on Kestrel (127.0.0.1, a free port) with AddAuthKit + AddAuthKitEndpoint pointed at a
/// Pica stand-in, the tests' authentication, and a real HttpClient. By default it maps
/// <c>app.MapAuthKitToken()</c> and nothing else; the test changes services and pipeline as an app would.
/// </summary>
internal sealed class TokenApp : IAsyncDisposable
{
    // An empty content root: the test's output folder holds the AOT sample's appsettings.json (copied
    // with the project reference), which must not configure these apps.
    private static readonly Lazy<string> EmptyContentRoot = new(() => Directory.CreateTempSubdirectory("authkit-tokenapp-").FullName);

    private TokenApp(WebApplication app, Uri address)
    {
        App = app;
        Address = address;
        Client = new HttpClient { BaseAddress = address };
    }

    public WebApplication App { get; }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => App.Services;

    public FakeLogCollector Logs => App.Services.GetFakeLogCollector();

    /// <summary>The endpoint's own log lines (category AuthKit.AspNetCore.TokenEndpoint).</summary>
    public IReadOnlyList<FakeLogRecord> EndpointLogs =>
        [.. Logs.GetSnapshot().Where(r => r.Category == "AuthKit.AspNetCore.TokenEndpoint")];

    public static Task<TokenApp> StartAsync(
        PicaEmulator pica,
        Action<WebApplicationBuilder>? services = null,
        Action<WebApplication>? pipeline = null,
        bool slim = false,
        params (string Key, string? Value)[] settings) =>
        StartAsync(pica.Url, pica.SecretKey, services, pipeline, slim, settings);

    public static async Task<TokenApp> StartAsync(
        Uri picaUrl,
        string secretKey,
        Action<WebApplicationBuilder>? services = null,
        Action<WebApplication>? pipeline = null,
        bool slim = false,
        params (string Key, string? Value)[] settings)
    {
        var options = new WebApplicationOptions { EnvironmentName = Environments.Production, ContentRootPath = EmptyContentRoot.Value };
        var builder = slim ? WebApplication.CreateSlimBuilder(options) : WebApplication.CreateBuilder(options);
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AuthKit:SecretKey"] = secretKey,
            ["AuthKit:BaseUrl"] = picaUrl.ToString(),
            ["AuthKit:RetryDelay"] = "00:00:00.010",

            // The flag read for every token: emulators of this test run share a key and reuse each other's
            // ports, and the SDK keeps an account's flag (base URL and key) for the process.
            ["AuthKit:WhiteLabelCacheDuration"] = "00:00:00",
        });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value)));
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddFakeLogging();

        builder.Services.AddAuthKit(builder.Configuration.GetSection(AuthKitOptions.SectionName));
        builder.Services.AddAuthKitEndpoint(builder.Configuration.GetSection(AuthKitEndpointOptions.SectionName));
        builder.Services.AddAuthentication(TestUser.SchemeName).AddScheme<AuthenticationSchemeOptions, TestUser>(TestUser.SchemeName, null);
        builder.Services.AddAuthorization();
        services?.Invoke(builder);

        var app = builder.Build();
        if (pipeline is null)
        {
            app.MapAuthKitToken();
        }
        else
        {
            pipeline(app);
        }

        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new TokenApp(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
