using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace AuthKit.Browser.Tests.Harness;

/// <summary>
/// One web origin for the browser: a Kestrel server on 127.0.0.1 (free port) that serves a few fixed files,
/// over HTTP, or over HTTPS with the certificate given.
/// </summary>
internal sealed class StaticSite : IAsyncDisposable
{
    private readonly WebApplication _app;

    private StaticSite(WebApplication app, Uri url)
    {
        _app = app;
        Url = url;
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri Url { get; }

    public int Port => Url.Port;

    public static async Task<StaticSite> StartAsync(IReadOnlyDictionary<string, string> files, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));

        var app = builder.Build();
        foreach (var (path, file) in files)
        {
            var content = await File.ReadAllBytesAsync(file);
            var contentType = Path.GetExtension(file) == ".js" ? "text/javascript; charset=utf-8" : "text/html; charset=utf-8";
            app.MapGet(path, () => Results.Bytes(content, contentType));
        }

        // Answered so that the browser's automatic favicon request leaves no error in the console the tests read.
        app.MapGet("/favicon.ico", () => Results.NoContent());
        await app.StartAsync();
        var address = app.Urls.Single();
        return new StaticSite(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
