using System.Net;
using AuthKit.Testing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging.Testing;

namespace AuthKit.Browser.Tests.Harness;

/// <summary>
/// samples/AuthKit.Sample.TokenEndpoint as it is (its Program, its appsettings.json, its environment's
/// sign-in), on Kestrel at 127.0.0.1 (free port), with its key and BaseUrl pointed at a <see cref="PicaEmulator"/>.
/// </summary>
internal sealed class TokenEndpointSample : IAsyncDisposable
{
    private readonly WebApplicationFactory<Program> _factory;

    private TokenEndpointSample(WebApplicationFactory<Program> factory, PicaEmulator pica, Uri url)
    {
        _factory = factory;
        Pica = pica;
        TokenUrl = new Uri(url, "/authkit-token");
        Logs = factory.Services.GetFakeLogCollector();
    }

    /// <summary>The Pica the sample calls.</summary>
    public PicaEmulator Pica { get; }

    /// <summary>The sample's token endpoint: the frontend's <c>token.url</c>.</summary>
    public Uri TokenUrl { get; }

    /// <summary>Everything the sample logged.</summary>
    public FakeLogCollector Logs { get; }

    /// <summary>Starts the sample in <paramref name="environment"/> (the Quickstart's <c>dotnet run</c> is Development).</summary>
    public static Task<TokenEndpointSample> StartAsync(string environment) => StartAsync(environment, AuthKitPlatform.Pica);

    /// <summary>Starts the sample in <paramref name="environment"/> with <c>AuthKit__Platform</c> set to <paramref name="platform"/>, over an emulator of that platform.</summary>
    public static Task<TokenEndpointSample> StartAsync(string environment, AuthKitPlatform platform)
    {
        var pica = PicaEmulator.Start(new PicaEmulatorOptions { Platform = platform }).SeedConnections(3, seed: 16);
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseEnvironment(environment);
            web.UseSetting("AuthKit:Platform", platform.ToString());
            web.UseSetting("AuthKit:SecretKey", pica.SecretKey);
            web.UseSetting("AuthKit:BaseUrl", pica.Url.ToString());

            // Emulators of a test run share a key and reuse ports: no flag kept from an earlier one.
            web.UseSetting("AuthKit:WhiteLabelCacheDuration", "00:00:00");
            web.ConfigureServices(services => services.AddFakeLogging());
        });
        try
        {
            factory.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            factory.StartServer();
            var address = factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            return Task.FromResult(new TokenEndpointSample(factory, pica, new Uri(address)));
        }
        catch
        {
            factory.Dispose();
            pica.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        Pica.Dispose();
    }
}
