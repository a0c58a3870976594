using System.Collections.Concurrent;
using System.Net;
using AuthKit.Testing;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Logging.Testing;

namespace AuthKit.Browser.Tests.Harness;

/// <summary>
/// The product's backend as a user of this SDK writes it: <c>AddAuthKit</c> (pointed at a <see cref="PicaEmulator"/>),
/// JWT bearer sign-in, <c>AddAuthKitEndpoint</c> from configuration and <c>MapAuthKitToken().RequireAuthorization()</c>,
/// on 127.0.0.1 (free port). Its log is kept for the test to read.
/// </summary>
internal sealed class TokenBackend : IAsyncDisposable
{
    // An empty content root: the output folder holds the token endpoint sample's appsettings.json (copied
    // with the project reference), which must not configure this backend.
    private static readonly Lazy<string> EmptyContentRoot = new(() => Directory.CreateTempSubdirectory("authkit-backend-").FullName);

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<BackendRequest> _requests;

    private TokenBackend(WebApplication app, ConcurrentQueue<BackendRequest> requests, PicaEmulator pica, Uri url)
    {
        _app = app;
        _requests = requests;
        Pica = pica;
        TokenUrl = new Uri(url, "/authkit-token");
        Logs = app.Services.GetFakeLogCollector();
    }

    /// <summary>The Pica the backend calls; its request log shows what reached Pica.</summary>
    public PicaEmulator Pica { get; }

    /// <summary>The token endpoint, e.g. <c>http://127.0.0.1:41234/authkit-token</c>: the frontend's <c>token.url</c>.</summary>
    public Uri TokenUrl { get; }

    /// <summary>Everything the backend logged.</summary>
    public FakeLogCollector Logs { get; }

    /// <summary>Every request the backend answered, in order (method, path, Origin, status).</summary>
    public IReadOnlyList<BackendRequest> Requests => [.. _requests];

    /// <summary>Starts the backend.</summary>
    /// <param name="allowedOrigins">AuthKit:Endpoint:AllowedOrigins; <see langword="null"/> leaves the default.</param>
    public static async Task<TokenBackend> StartAsync(IReadOnlyList<string>? allowedOrigins = null)
    {
        var pica = PicaEmulator.Start().SeedConnections(3, seed: 8);
        try
        {
            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = EmptyContentRoot.Value });
            builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
            builder.Logging.ClearProviders();
            builder.Logging.AddFakeLogging();

            // JWT bearer accepts TestJwt's tokens (the configuration dotnet user-jwts writes).
            var settings = TestJwt.Settings.ToDictionary(s => s.Key, s => s.Value);
            for (var i = 0; i < (allowedOrigins?.Count ?? 0); i++)
            {
                settings[$"AuthKit:Endpoint:AllowedOrigins:{i}"] = allowedOrigins![i];
            }

            builder.Configuration.AddInMemoryCollection(settings);

            // Registered first, so that its middleware is the outermost and sees every request.
            var requests = new ConcurrentQueue<BackendRequest>();
            builder.Services.AddSingleton<IStartupFilter>(new RequestLog(requests));

            builder.Services.AddAuthKit(options =>
            {
                options.BaseUrl = pica.Url;
                options.SecretKey = pica.SecretKey;
            });
            builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
            builder.Services.AddAuthorization();
            // Keys in memory: a test run leaves nothing in the user's profile.
            builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
            builder.Services.AddAuthKitEndpoint(builder.Configuration.GetSection(AuthKitEndpointOptions.SectionName));

            var app = builder.Build();
            app.MapAuthKitToken().RequireAuthorization();

            await app.StartAsync();
            var address = app.Urls.Single();
            return new TokenBackend(app, requests, pica, new Uri(address));
        }
        catch
        {
            pica.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Pica.Dispose();
    }
}

/// <summary>
/// Records every request first in the pipeline (before authentication, the endpoint's CORS and routing),
/// when its answer starts, so that whatever the browser saw is already in the log.
/// </summary>
internal sealed class RequestLog(ConcurrentQueue<BackendRequest> requests) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            context.Response.OnStarting(() =>
            {
                requests.Enqueue(new BackendRequest(
                    context.Request.Method,
                    context.Request.Path,
                    context.Request.Headers.Origin.ToString(),
                    context.Request.Headers["Access-Control-Request-Private-Network"].ToString(),
                    context.Response.StatusCode));
                return Task.CompletedTask;
            });
            return nextMiddleware(context);
        });
        next(app);
    };
}

/// <summary>One request the backend answered.</summary>
/// <param name="PrivateNetworkRequest">The Private Network Access preflight header (<c>Access-Control-Request-Private-Network</c>), empty when absent.</param>
internal sealed record BackendRequest(string Method, string Path, string Origin, string PrivateNetworkRequest, int Status);
